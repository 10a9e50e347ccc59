# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Competence (ISO 10002 4.14): qualification records of handlers, required
by categories and severities; only qualified handlers are offered and
accepted; managers hear of expiring qualifications; the review and the
evidence pack read the training status."""

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintQualification(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["customer.complaint"])
        Category = cls.env["customer.complaint.category"]
        cls.cat_food = Category.create({"name": "Food"})
        cls.cat_food_sub = Category.create(
            {"name": "Allergens", "parent_id": cls.cat_food.id}
        )
        cls.cat_other = Category.create({"name": "Delivery"})
        Type = cls.env["customer.complaint.qualification.type"]
        cls.food_safety = Type.create(
            {
                "name": "Food safety",
                "validity_months": 24,
                "category_ids": [Command.set(cls.cat_food.ids)],
            }
        )
        cls.senior = Type.create({"name": "Senior handler", "severity_from": "3"})
        cls.Qualification = cls.env["customer.complaint.qualification"]

    def _qualify(self, user, qualification_type, obtained=None, expiry=None):
        """Recorded by a manager, through the form."""
        Qualification = self.Qualification.with_user(self.user_manager)
        with Form(Qualification) as form:
            form.user_id = user
            form.type_id = qualification_type
            form.date_obtained = obtained or self.today - relativedelta(months=1)
            if expiry is not None:
                form.date_expiry = expiry
        return form.record

    def test_manager_records_qualifications_users_and_auditors_only_read(self):
        record = self._qualify(self.user_complaint, self.food_safety)
        self.assertEqual(
            record.date_expiry,
            record.date_obtained + relativedelta(months=24),
            "expiry suggested from the type's validity",
        )
        self.assertEqual(record.status, "valid")
        for user in (self.user_complaint, self.user_auditor):
            self.assertEqual(record.with_user(user).type_id, self.food_safety)
            with self.assertRaises(AccessError):
                record.with_user(user).write({"date_expiry": self.today})
            with self.assertRaises(AccessError):
                self.Qualification.with_user(user).create(
                    {
                        "user_id": user.id,
                        "type_id": self.food_safety.id,
                        "date_obtained": self.today,
                    }
                )
        with self.assertRaises(ValidationError):
            record.with_user(self.user_manager).date_expiry = (
                record.date_obtained - relativedelta(days=1)
            )

    def test_only_qualified_handlers_offered_and_accepted(self):
        complaint = self._create_complaint(category_id=self.cat_food_sub.id)
        manager_complaint = complaint.with_user(self.user_manager)
        # Offered: nobody holds the food safety qualification yet.
        self.assertNotIn(self.user_complaint, manager_complaint.handler_allowed_ids)
        # The form the handler is picked in carries the qualified handlers.
        arch = manager_complaint.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="handler_allowed_ids"', arch)
        self.assertIn(
            "handler_allowed_ids",
            str(complaint._fields["user_id"]._description_domain(complaint.env)),
        )
        # Accepted: refused in the model, whoever assigns and however.
        with self.assertRaisesRegex(ValidationError, "Food safety"):
            with Form(manager_complaint) as form:
                form.user_id = self.user_complaint
        with self.assertRaisesRegex(ValidationError, "Food safety"):
            complaint.with_user(self.user_complaint).user_id = self.user_complaint
        # An expired qualification does not count.
        self._qualify(
            self.user_complaint,
            self.food_safety,
            obtained=self.today - relativedelta(years=3),
            expiry=self.today - relativedelta(days=1),
        )
        with self.assertRaises(ValidationError):
            manager_complaint.user_id = self.user_complaint
        self._qualify(self.user_complaint, self.food_safety)
        manager_complaint.invalidate_recordset(["handler_allowed_ids"])
        self.assertIn(self.user_complaint, manager_complaint.handler_allowed_ids)
        self.assertNotIn(self.user_complaint_b, manager_complaint.handler_allowed_ids)
        manager_complaint.user_id = self.user_complaint
        self.assertEqual(complaint.user_id, self.user_complaint)
        # Another category requires nothing: everyone is offered.
        other = self._create_complaint(category_id=self.cat_other.id)
        self.assertIn(
            self.user_complaint_b,
            other.with_user(self.user_manager).handler_allowed_ids,
        )
        other.with_user(self.user_manager).user_id = self.user_complaint_b

    def test_severity_requires_a_qualification(self):
        complaint = self._create_complaint(
            category_id=self.cat_other.id, user_id=self.user_complaint.id
        )
        # Assessed as high: the handler must be a senior handler.
        with self.assertRaisesRegex(ValidationError, "Senior handler"):
            complaint.with_user(self.user_manager).write(
                {"severity": "3", "impact": "1"}
            )
        self._qualify(self.user_complaint, self.senior)
        complaint.with_user(self.user_manager).write({"severity": "3", "impact": "1"})
        self.assertEqual(complaint.severity, "3")

    def test_automatic_assignment_picks_a_qualified_handler(self):
        self.team_a.write(
            {
                "assignment_method": "balanced",
                "member_ids": [
                    Command.set((self.user_complaint | self.user_complaint_b).ids)
                ],
            }
        )
        self._qualify(self.user_complaint_b, self.food_safety)
        for _index in range(2):
            complaint = self._create_complaint(
                env=self.env(user=self.user_complaint), category_id=self.cat_food.id
            )
            self.assertEqual(complaint.user_id, self.user_complaint_b)

    def test_expiring_qualification_gives_the_manager_an_activity(self):
        # Alice is a member of team A, whose leader is Mia Manager.
        expiring = self._qualify(
            self.user_complaint,
            self.food_safety,
            expiry=self.today + relativedelta(days=20),
        )
        later = self._qualify(
            self.user_complaint_b,
            self.senior,
            expiry=self.today + relativedelta(days=60),
        )
        renewed_old = self._qualify(
            self.user_complaint_b,
            self.food_safety,
            expiry=self.today + relativedelta(days=10),
        )
        self._qualify(
            self.user_complaint_b,
            self.food_safety,
            obtained=self.today,
            expiry=self.today + relativedelta(years=2),
        )
        self.assertEqual(expiring.status, "expiring")
        cron = self.env.ref(
            "customer_complaint_iso10002.ir_cron_complaint_qualification_expiry"
        )
        cron.method_direct_trigger()
        activity = expiring.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_manager)
        self.assertEqual(activity.date_deadline, expiring.date_expiry)
        self.assertFalse(later.activity_ids, "expires in 60 days: not yet")
        self.assertFalse(renewed_old.activity_ids, "renewed already")
        # Told once.
        cron.method_direct_trigger()
        self.assertEqual(len(expiring.activity_ids), 1)
        # A new expiry date is told again.
        expiring.with_user(self.user_manager).date_expiry = self.today + relativedelta(
            days=25
        )
        expiring.activity_ids.unlink()
        cron.method_direct_trigger()
        self.assertEqual(len(expiring.activity_ids), 1)

    def test_training_status_for_review_and_evidence(self):
        self._qualify(self.user_complaint, self.food_safety)
        self._qualify(self.user_complaint, self.senior)
        self._qualify(
            self.user_complaint_b,
            self.food_safety,
            expiry=self.today + relativedelta(days=5),
        )
        Qualification = self.Qualification.with_user(self.user_manager)
        status = Qualification._training_status(self.company)
        by_user = {row["user"]: row for row in status["handlers"]}
        self.assertEqual(by_user[self.user_complaint]["status"], "qualified")
        self.assertEqual(
            by_user[self.user_complaint_b]["missing"], self.senior, "no senior"
        )
        self.assertEqual(by_user[self.user_complaint_b]["status"], "missing")
        self.assertEqual(status["required"], self.food_safety | self.senior)
        self.assertEqual(
            status["total"],
            status["qualified"] + status["expiring"] + status["missing"],
        )
        inputs = (
            self.env["customer.complaint.review.inputs"]
            .with_user(self.user_manager)
            ._build_inputs(
                self.today - relativedelta(months=1), self.today, self.company
            )
        )
        training = inputs["training"]
        self.assertEqual(training["handlers"], status["total"])
        self.assertEqual(training["missing"], status["missing"])
        self.assertIn(
            {"user": self.user_complaint_b.name, "missing": ["Senior handler"]},
            training["gaps"],
        )
        # The management review, drafted by a manager, shows it.
        review = (
            self.env["customer.complaint.review"]
            .with_user(self.user_manager)
            .create(
                {
                    "name": "Q review",
                    "date_from": self.today - relativedelta(months=1),
                    "date_to": self.today,
                }
            )
        )
        self.assertEqual(review.input_data["training"]["missing"], status["missing"])
        self.assertIn("o_complaint_review_training", review.inputs_html)
        self.assertIn(self.user_complaint_b.name, review.inputs_html)
