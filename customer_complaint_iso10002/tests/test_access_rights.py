# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ComplaintCommon

MUTED = ("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestComplaintAccessRights(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # No acknowledgement: deletion is then only a matter of access rights.
        env = cls.env(
            context=dict(cls.env.context, complaint_skip_acknowledgement=True)
        )
        cls.c_own = cls._create_complaint(env, name="Own team")
        cls.c_other = cls._create_complaint(
            env, name="Other team", team_id=cls.team_b.id
        )
        cls.c_confidential = cls._create_complaint(
            env,
            name="Confidential, handled by Bob",
            confidential=True,
            user_id=cls.user_complaint_b.id,
        )
        cls.c_confidential_mine = cls._create_complaint(
            env,
            name="Confidential, handled by Alice",
            confidential=True,
            team_id=cls.team_b.id,
            user_id=cls.user_complaint.id,
        )
        cls.c_other_company = cls._create_complaint(
            env,
            name="Other company",
            partner_id=False,
            partner_name="Someone in company 2",
            team_id=cls.team_c2.id,
            company_id=cls.company_2.id,
        )
        cls.c_portal = cls._create_complaint(
            env,
            name="Filed by the portal user",
            partner_id=cls.user_portal_cc.partner_id.id,
        )
        cls.cases = {
            "own": cls.c_own,
            "other_team": cls.c_other,
            "confidential": cls.c_confidential,
            "confidential_mine": cls.c_confidential_mine,
            "other_company": cls.c_other_company,
        }

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _can(self, user, complaint, operation):
        """Try ``operation`` on ``complaint`` as ``user``; True when allowed."""
        record = complaint.with_user(user)
        try:
            with self.env.cr.savepoint():
                if operation == "read":
                    record.read(["name", "reference"])
                elif operation == "write":
                    record.write({"color": 3, "kanban_state": "blocked"})
                    record.flush_recordset()
                elif operation == "unlink":
                    record.unlink()
                elif operation == "create":
                    values = {
                        "name": f"Created like {complaint.name}",
                        "partner_name": "Matrix",
                        "team_id": complaint.team_id.id,
                        "company_id": complaint.company_id.id,
                        "confidential": complaint.confidential,
                        "user_id": complaint.user_id.id,
                    }
                    self.env["customer.complaint"].with_user(user).with_context(
                        allowed_company_ids=user.company_ids.ids
                    ).create(values).flush_recordset()
                # Roll back whatever succeeded: every case starts from scratch.
                raise _Undo()
        except _Undo:
            return True
        except AccessError:
            return False

    def _assert_matrix(self, user, expected):
        for operation, cases in expected.items():
            for case, allowed in cases.items():
                with self.subTest(user=user.login, operation=operation, case=case):
                    self.assertEqual(
                        self._can(user, self.cases[case], operation),
                        allowed,
                        f"{user.login} {operation} {case}: expected "
                        f"{'allowed' if allowed else 'denied'}",
                    )

    @staticmethod
    def _row(own, other_team, confidential, confidential_mine, other_company):
        return {
            "own": own,
            "other_team": other_team,
            "confidential": confidential,
            "confidential_mine": confidential_mine,
            "other_company": other_company,
        }

    # ------------------------------------------------------------------
    # the matrix
    # ------------------------------------------------------------------

    @mute_logger(*MUTED)
    def test_matrix_complaint_user(self):
        row = self._row(True, False, False, True, False)
        self._assert_matrix(
            self.user_complaint,
            {
                "read": row,
                "write": row,
                "create": row,
                "unlink": self._row(False, False, False, False, False),
            },
        )

    @mute_logger(*MUTED)
    def test_matrix_manager(self):
        row = self._row(True, True, True, True, False)
        self._assert_matrix(
            self.user_manager,
            {"read": row, "write": row, "create": row, "unlink": row},
        )

    @mute_logger(*MUTED)
    def test_matrix_auditor(self):
        none = self._row(False, False, False, False, False)
        self._assert_matrix(
            self.user_auditor,
            {
                "read": self._row(True, True, True, True, False),
                "write": none,
                "create": none,
                "unlink": none,
            },
        )

    @mute_logger(*MUTED)
    def test_matrix_internal_without_group(self):
        none = self._row(False, False, False, False, False)
        self._assert_matrix(
            self.user_internal,
            {"read": none, "write": none, "create": none, "unlink": none},
        )

    @mute_logger(*MUTED)
    def test_matrix_portal(self):
        none = self._row(False, False, False, False, False)
        self._assert_matrix(
            self.user_portal_cc,
            {"read": none, "write": none, "create": none, "unlink": none},
        )
        # Their own complaint they read, never change.
        own = self.c_portal.with_user(self.user_portal_cc)
        self.assertEqual(
            own.read(["reference"])[0]["reference"], self.c_portal.reference
        )
        with self.assertRaises(AccessError):
            own.write({"name": "Changed by the customer"})
        with self.assertRaises(AccessError):
            own.unlink()

    @mute_logger(*MUTED)
    def test_matrix_other_company_user(self):
        # The mirror image: company 2's handler sees company 2 only.
        self.assertTrue(self._can(self.user_c2, self.c_other_company, "read"))
        self.assertTrue(self._can(self.user_c2, self.c_other_company, "write"))
        for complaint in (self.c_own, self.c_other):
            self.assertFalse(self._can(self.user_c2, complaint, "read"))

    @mute_logger(*MUTED)
    def test_user_search_sees_only_allowed(self):
        found = (
            self.env["customer.complaint"]
            .with_user(self.user_complaint)
            .search([("id", "in", [c.id for c in self.cases.values()])])
        )
        self.assertEqual(found, self.c_own | self.c_confidential_mine)
        unassigned = self._create_complaint(team_id=False, name="Nobody's yet")
        self.assertTrue(self._can(self.user_complaint, unassigned, "read"))
        self.assertTrue(self._can(self.user_complaint_b, unassigned, "read"))

    @mute_logger(*MUTED)
    def test_user_cannot_move_complaint_out_of_reach_of_rules(self):
        # A handler may not hide a complaint of their team as confidential
        # handled by someone else (the write rule is checked after the write).
        with self.assertRaises(AccessError):
            self.c_own.with_user(self.user_complaint).write(
                {"confidential": True, "user_id": self.user_complaint_b.id}
            )

    @mute_logger(*MUTED)
    def test_public_user_has_no_access(self):
        public = self.env.ref("base.public_user")
        for model in (
            "customer.complaint",
            "customer.complaint.stage",
            "customer.complaint.team",
            "customer.complaint.category",
            "customer.complaint.tag",
        ):
            with self.subTest(model=model):
                self.assertFalse(self.env[model].with_user(public).has_access("read"))
                with self.assertRaises(AccessError):
                    self.env[model].with_user(public).search([], limit=1)
        with self.assertRaises(AccessError):
            self.c_own.with_user(public).read(["name"])

    @mute_logger(*MUTED)
    def test_configuration_rights(self):
        Stage = self.env["customer.complaint.stage"]
        for user in (self.user_complaint, self.user_auditor, self.user_internal):
            with self.subTest(user=user.login):
                self.assertTrue(Stage.with_user(user).search([]))
                with self.assertRaises(AccessError):
                    Stage.with_user(user).create({"name": "Not allowed"})
                with self.assertRaises(AccessError):
                    self.team_a.with_user(user).write({"name": "Renamed"})
        stage = Stage.with_user(self.user_manager).create({"name": "Manager stage"})
        self.team_a.with_user(self.user_manager).write({"progress_update_days": 5})
        self.assertEqual(stage.name, "Manager stage")
        self.assertEqual(self.team_a.progress_update_days, 5)
        # Complaint users manage tags, not categories.
        tag = (
            self.env["customer.complaint.tag"]
            .with_user(self.user_complaint)
            .create({"name": "Fragile"})
        )
        self.assertTrue(tag)
        with self.assertRaises(AccessError):
            self.env["customer.complaint.category"].with_user(
                self.user_complaint
            ).create({"name": "Delivery"})

    @mute_logger(*MUTED)
    def test_company_rules_on_configuration(self):
        c2 = self.company_2
        stage = self.env["customer.complaint.stage"].create(
            {"name": "Company 2 stage", "company_id": c2.id}
        )
        category = self.env["customer.complaint.category"].create(
            {"name": "Company 2 category", "company_id": c2.id}
        )
        tag = self.env["customer.complaint.tag"].create(
            {"name": "Company 2 tag", "company_id": c2.id}
        )
        shared_stage = self.stage_new
        for record in (stage, category, tag, self.team_c2):
            with self.subTest(model=record._name):
                self.assertFalse(
                    record.with_user(self.user_complaint).has_access("read")
                )
                with self.assertRaises(AccessError):
                    record.with_user(self.user_complaint).read(["name"])
                self.assertNotIn(
                    record,
                    self.env[record._name].with_user(self.user_complaint).search([]),
                )
                self.assertTrue(record.with_user(self.user_c2).has_access("read"))
        # Records without company are shared.
        self.assertTrue(shared_stage.with_user(self.user_c2).has_access("read"))
        self.assertFalse(self.team_a.with_user(self.user_c2).has_access("read"))
        self.assertFalse(
            self.env["customer.complaint.team"]
            .with_user(self.user_c2)
            .search([("id", "=", self.team_a.id)])
        )

    def test_team_membership_grants_access(self):
        # Joining team B opens team B's complaints to Alice.
        self.assertFalse(self._can(self.user_complaint, self.c_other, "read"))
        self.team_b.member_ids = [Command.link(self.user_complaint.id)]
        self.assertTrue(self._can(self.user_complaint, self.c_other, "read"))
        # Confidential ones handled by Bob stay closed to her.
        self.assertFalse(self._can(self.user_complaint, self.c_confidential, "read"))


class _Undo(Exception):
    """Raised to roll back a successful operation inside a savepoint."""
