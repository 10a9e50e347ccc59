# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo.tests import tagged, users, warmup

from .common import ComplaintCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install", "complaint_performance")
class TestComplaintPerformance(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls.env["res.partner"].create(
            [
                {"name": f"Perf customer {i}", "email": f"perf.{i}@example.com"}
                for i in range(50)
            ]
        )
        cls.env["customer.complaint"].with_context(
            complaint_skip_acknowledgement=True, tracking_disable=True
        ).create(
            [
                {
                    "name": f"Perf complaint {i}",
                    "partner_id": partner.id,
                    "team_id": cls.team_a.id,
                }
                for i, partner in enumerate(cls.partners)
                for _n in range(1 + i % 3)
            ]
        )

    def _count_queries(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    @users("cc_user_a")
    @warmup
    def test_create_one_complaint_query_budget(self):
        partner = self.customer.with_env(self.env)
        team = self.team_a.with_env(self.env)
        # 75 measured (cold record cache after warmup): complaint, reference,
        # deadlines, creation message and the team leader's notification,
        # acknowledgement rendered and queued.
        with self.mock_mail_gateway(), self.assertQueryCount(cc_user_a=78):
            complaint = self.env["customer.complaint"].create(
                {
                    "name": "Query budget",
                    "partner_id": partner.id,
                    "team_id": team.id,
                    "channel": "phone",
                }
            )
            self.env.flush_all()
        # The budget includes the acknowledgement.
        self.assertTrue(complaint.date_acknowledged)
        self.assertEqual(len(self._ack_mails(complaint)), 1)

    @users("cc_user_a")
    @warmup
    def test_partner_smart_button_query_budget(self):
        partners = self.partners.with_env(self.env)
        # access check + one grouped count per field, whatever the batch size
        with self.assertQueryCount(cc_user_a=4):
            counts = partners.mapped("complaint_count")
        self.assertEqual(counts, [1 + i % 3 for i in range(50)])

    def test_partner_smart_button_does_not_grow_per_partner(self):
        partners = self.partners.with_user(self.user_complaint)
        # warm the ormcaches (access rules, groups)
        partners.mapped("complaint_count")
        few = self._count_queries(lambda: partners[:10].mapped("complaint_count"))
        many = self._count_queries(lambda: partners.mapped("complaint_count"))
        _logger.info("Partner smart button: %s queries for 10, %s for 50", few, many)
        self.assertEqual(few, many, "one grouped query per batch, not per partner")
        self.assertEqual(partners[0].complaint_count, 1)
        self.assertEqual(partners[2].complaint_count, 3)
