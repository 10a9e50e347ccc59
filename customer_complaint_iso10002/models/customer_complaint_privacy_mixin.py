# Copyright 2026 Customer Complaint ISO 10002 Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complainant's personal data on the complaint (4.10, 8.1; GDPR 13, 15):
the purpose and retention statement given at intake, the choice not to have
their identity disclosed beyond the people handling the complaint, and the
copy of everything held about the complaint they may download."""

import itertools
import re

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.osv import expression
from odoo.tools import SQL, html2plaintext
from odoo.tools.sql import create_index

from .customer_complaint_constants import AUDITOR_GROUP, MANAGER_GROUP

INTERNAL = (
    "customer_complaint_iso10002.group_complaint_user,"
    "customer_complaint_iso10002.group_complaint_auditor"
)

# What identifies the complainant: what readers outside the handling see
# replaced by the pseudonym (partner_name) or left empty (the others).
IDENTITY_FIELDS = frozenset(
    {
        "partner_id",
        "commercial_partner_id",
        "partner_name",
        "email_from",
        "partner_phone",
        "email_cc",
        "message_partner_ids",
    }
)
# The complainant's key to their portal page (and so to their rights there:
# their data, erasure, the choice itself): read as nothing, like the contact
# details, by whoever reads the pseudonym, and never handed to them in a link.
TOKEN_FIELDS = frozenset({"access_token"})
# Free text typed by the complainant or staff, which may quote the
# complainant: read with the identity replaced by the pseudonym (_undisclosed)
# by whoever reads it, not found by the identity it quotes, masked when
# grouped or aggregated.
FREE_TEXT_FIELDS = frozenset(
    {
        "name",
        "display_name",
        "description",
        "requested_remedy_details",
        "customer_order_reference",
        "handling_rating_comment",
        "findings",
        "root_cause",
        "immediate_action",
        "rejection_details",
        "priority_override_reason",
        "adr_outcome",
        "activity_summary",
    }
)
# What is masked for whoever reads the pseudonym (reads, groupings, sorts).
MASKED_FIELDS = IDENTITY_FIELDS | TOKEN_FIELDS | FREE_TEXT_FIELDS
# Written only by the intake and the choice itself, never directly.
PRIVACY_STAMPS = frozenset(
    {"date_non_disclosure", "date_non_disclosure_withdrawn", "date_privacy_statement"}
)
# The group of notification recipients who get the pseudonym.
UNDISCLOSED_GROUP = "complaint_identity_undisclosed"
# Context key: the SQL of an identity field is masked (_field_to_sql), for the
# groupings and sorts of whoever reads the pseudonym.
MASK_IDENTITY_SQL = "complaint_mask_identity_sql"
# Context key: follower searches leave out the complainant's following of a
# complaint hidden to the reader (the chatter's list and counts of followers).
WITHOUT_COMPLAINANT = "complaint_followers_without_complainant"


def _matches_empty(operator, value):
    """Whether a record without the value (NULL) meets the condition
    (``operator``, ``value``), as the ORM writes conditions in SQL: equal to
    False, or a negative condition on something else."""
    values = value if isinstance(value, list | tuple | set) else [value]
    empty = any(item is False or item is None for item in values)
    if operator in ("=", "in"):
        return empty
    if operator in ("!=", "not in"):
        return not empty
    return operator in ("not like", "not ilike", "not =like", "not =ilike", "not any")


def _read_group_fields(groupby, aggregates, having, order):
    """The fields a _read_group groups, aggregates, filters or sorts on (the
    first of each path): the mail models leave out the rows of the hidden
    complainants when it is one that names them."""
    specs = [
        *groupby,
        *aggregates,
        *(order or "").split(","),
        *(leaf[0] for leaf in having or () if isinstance(leaf, list | tuple)),
    ]
    return {spec.strip().split(" ")[0].split(":")[0].split(".")[0] for spec in specs}


class CustomerComplaintPrivacyMixin(models.AbstractModel):
    """For the complaint: its complainant (``partner_id``, ``partner_name``,
    ``email_from``, ``partner_phone``), handler, team and involved people."""

    _name = "customer.complaint.privacy.mixin"
    # mail.thread: so that its notification methods here come before its own
    _inherit = ["mail.thread", "customer.complaint.retention.mixin"]
    _description = "Complaint personal data and non-disclosure"

    non_disclosure = fields.Boolean(
        string="Identity Not Disclosed",
        tracking=True,
        copy=False,
        help="The complainant asked that their identity be disclosed to nobody "
        "but the people handling the complaint: the people it is about, "
        "other staff, the register, the record PDF and mail to third parties "
        "get a pseudonym instead of their name and contact details. Only "
        "the complainant withdraws it (on the portal, or through a manager).",
    )
    date_non_disclosure = fields.Datetime(
        string="Non-disclosure Asked on", readonly=True, copy=False, tracking=True
    )
    date_non_disclosure_withdrawn = fields.Datetime(
        string="Non-disclosure Withdrawn on",
        readonly=True,
        copy=False,
        tracking=True,
    )
    complainant_pseudonym = fields.Char(
        compute="_compute_complainant_pseudonym",
        help="What people outside the handling read instead of the "
        "complainant's identity.",
    )
    identity_hidden = fields.Boolean(
        compute="_compute_identity_hidden",
        help="Whether the complainant's identity is hidden from you.",
    )
    privacy_statement_shown = fields.Boolean(
        string="Privacy Statement Given",
        copy=False,
        tracking=True,
        help="The complainant was told, at intake, what their personal data "
        "are used for and how long they are kept (the intake forms show it; "
        "staff read it out on the phone or give it in writing).",
    )
    date_privacy_statement = fields.Datetime(
        string="Privacy Statement Given on", readonly=True, copy=False
    )
    privacy_statement = fields.Text(
        compute="_compute_privacy_statement",
        help="The statement of purpose and retention period the intake forms " "show.",
    )
    erasure_request_ids = fields.One2many(
        comodel_name="customer.complaint.erasure.request",
        inverse_name="complaint_id",
        string="Erasure Requests",
        groups=INTERNAL,
    )

    def init(self):
        result = super().init()
        if not self._abstract:
            # The few complaints whose complainant chose non-disclosure, read
            # by every search on an identity field (_identity_hidden_sql).
            create_index(
                self.env.cr,
                f"{self._table}_non_disclosure_index",
                self._table,
                ["id"],
                where="non_disclosure",
            )
        return result

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("reference")
    def _compute_complainant_pseudonym(self):
        for record in self:
            record.complainant_pseudonym = self.env._(
                "Complainant %(ref)s", ref=record.reference or ""
            )

    @api.depends_context("uid")
    @api.depends("non_disclosure", "user_id", "team_id", "involved_user_ids")
    def _compute_identity_hidden(self):
        for record in self:
            record.identity_hidden = record._identity_hidden_for(self.env.user)

    # in the reader's language: the acknowledgement renders it in each
    # complainant's, for a batch of complaints of several languages
    @api.depends_context("lang", "company")
    @api.depends("company_id.complaint_retention_months")
    def _compute_privacy_statement(self):
        # one statement per company, however many complaints are rendered
        statements = {}
        for record in self:
            company = record.company_id or self.env.company
            if company not in statements:
                statements[company] = self._privacy_statement(company)
            record.privacy_statement = statements[company]

    @api.model
    def _privacy_statement(self, company):
        """What every intake form tells the complainant (GDPR 13): the
        purpose, the retention period of ``company`` and their choices."""
        months = company.sudo().complaint_retention_months
        if months > 0:
            kept = self.env._(
                "They are kept for %(months)s months after your complaint is "
                "closed, then anonymised.",
                months=months,
            )
        else:
            kept = self.env._(
                "They are kept with the record of your complaint until you ask "
                "for their erasure."
            )
        return " ".join(
            (
                self.env._(
                    "We use your name, contact details and what you tell us only "
                    "to handle your complaint and to improve how we handle "
                    "complaints."
                ),
                kept,
                self.env._(
                    "You may ask that your identity be disclosed to nobody but "
                    "the people handling your complaint, download a copy of what "
                    "we hold about it, and ask for its erasure."
                ),
            )
        )

    # ------------------------------------------------------------------
    # Who sees the identity
    # ------------------------------------------------------------------

    def _identity_disclosed_users(self):
        """Internal users who handle self (one record): handler, team leader
        and members, managers and auditors, less the people it is about."""
        self.ensure_one()
        # sudo: who handles the complaint, to decide what the caller reads.
        record = self.sudo()
        team = record.team_id
        users = record.user_id | team.user_id | team.member_ids
        for xmlid in (MANAGER_GROUP, AUDITOR_GROUP):
            group = self.env.ref(xmlid, raise_if_not_found=False)
            if group:
                users |= group.sudo().users
        return users - record.involved_user_ids

    @api.model
    def _identity_hidden_domain(self, user):
        """The complaints whose complainant ``user`` reads as the pseudonym,
        as a domain evaluated as superuser; False when they read every
        complainant. The one statement of who is outside the handling: the
        masking of reads (_identity_hidden_for) and of searches, groupings and
        sorts (_identity_hidden_sql) both follow it."""
        if user._is_superuser():
            return False
        hidden = [("non_disclosure", "=", True)]
        # (groups from the ormcache: no read of the user at every search)
        if not user.has_group("base.group_user"):
            # anyone but the complainant (and their company)
            commercial = user.partner_id.commercial_partner_id.id
            return hidden + [
                "|",
                ("commercial_partner_id", "=", False),
                ("commercial_partner_id", "!=", commercial),
            ]
        # the people it is about, whatever their role
        involved = [("involved_user_ids", "in", user.ids)]
        if user.has_group(MANAGER_GROUP) or user.has_group(AUDITOR_GROUP):
            return hidden + involved
        # and staff outside its handling (handler, team leader and members)
        return hidden + [
            "|",
            *involved,
            "!",
            "|",
            "|",
            ("user_id", "=", user.id),
            ("team_id.user_id", "=", user.id),
            ("team_id.member_ids", "in", user.ids),
        ]

    def _identity_hidden_for(self, user):
        """Whether ``user`` reads the pseudonym instead of the complainant's
        identity (one record)."""
        self.ensure_one()
        if not self.non_disclosure:
            return False
        domain = self._identity_hidden_domain(user)
        # sudo: the people and contacts of the complaint, for the decision.
        return bool(domain) and bool(self.sudo().filtered_domain(domain))

    def _identity_hidden_query(self):
        """The complaints whose complainant the current user reads as the
        pseudonym, as a query; None when they read them all."""
        if self.env.su:
            return None
        domain = self._identity_hidden_domain(self.env.user)
        if not domain:
            return None
        # sudo: which complaints are hidden is decided on all of them; the
        # caller's query applies their record rules itself.
        return self.sudo().with_context(active_test=False)._search(domain)

    def _identity_hidden_matching(self, text):
        """The complaints whose complainant the current user reads as the
        pseudonym and whose identity (name, address, phone, of the complaint
        or its contact) contains ``text``, as a query; None when they read
        them all. A search of free text (descriptions, messages) leaves them
        out: finding them by a name would tell who complained."""
        if self.env.su or not isinstance(text, str) or not text.strip():
            return None
        domain = self._identity_hidden_domain(self.env.user)
        if not domain:
            return None
        text = text.strip()
        matching = expression.OR(
            [(fname, "ilike", text)]
            for fname in (
                "partner_name",
                "email_from",
                "partner_phone",
                "partner_id.name",
                "partner_id.email",
                "partner_id.phone",
                "partner_id.mobile",
                "commercial_partner_id.name",
            )
        )
        # sudo: as _identity_hidden_query, decided on all complaints
        return (
            self.sudo()
            .with_context(active_test=False)
            ._search(expression.AND([domain, matching]))
        )

    def _identity_hidden_sql(self, alias):
        """SQL: the row ``alias`` of a complaint is one whose complainant the
        current user reads as the pseudonym; None when they read them all."""
        hidden = self._identity_hidden_query()
        if hidden is None:
            return None
        return SQL(
            "(COALESCE(%s, FALSE) AND %s IN %s)",
            SQL.identifier(alias, "non_disclosure"),
            SQL.identifier(alias, "id"),
            hidden.subselect(),
        )

    # Whoever reads the pseudonym finds no complaint by the identity it hides,
    # nor by the negation of a condition on it, and groups and sorts such
    # complaints as if they had none: searching "Jane" must not tell the people
    # a complaint is about that Jane made it.

    def _condition_to_sql(self, alias, fname, operator, value, query):
        sql = super()._condition_to_sql(alias, fname, operator, value, query)
        if fname in FREE_TEXT_FIELDS:
            # A text quoting the identity it hides reads the pseudonym there:
            # a condition on that identity is met by none of the hidden
            # complaints quoting it, its negation by all of them.
            matching = self._identity_hidden_matching(value)
            if matching is None:
                return sql
            quoting = SQL("%s IN %s", SQL.identifier(alias, "id"), matching.subselect())
            if _matches_empty(operator, value):
                return SQL("(%s OR %s)", sql, quoting)
            return SQL("(%s AND NOT %s)", sql, quoting)
        if fname in IDENTITY_FIELDS | TOKEN_FIELDS and (
            hidden := self._identity_hidden_sql(alias)
        ):
            # The hidden complaints match as if they had no such identity (the
            # "None" group of a grouping opens on them); an extra condition,
            # so that the column's index still serves the search.
            if _matches_empty(operator, value):
                return SQL("(%s OR %s)", sql, hidden)
            return SQL("(%s AND NOT %s)", sql, hidden)
        return sql

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        sql = super()._field_to_sql(alias, fname, query, flush)
        if (
            fname in MASKED_FIELDS
            and self.env.context.get(MASK_IDENTITY_SQL)
            and (hidden := self._identity_hidden_sql(alias))
        ):
            return SQL("CASE WHEN %s THEN NULL ELSE %s END", hidden, sql)
        return sql

    def _identity_masked(self, spec):
        """Self, masking the SQL of the identity, token and free-text fields
        if ``spec`` (a grouping, an aggregate or a sort) is on one of them."""
        if spec.split(":")[0].split(".")[0] in MASKED_FIELDS:
            return self.with_context(**{MASK_IDENTITY_SQL: True})
        return self

    def _read_group_select(self, aggregate_spec, query):
        records = self._identity_masked(aggregate_spec)
        return super(CustomerComplaintPrivacyMixin, records)._read_group_select(
            aggregate_spec, query
        )

    def _read_group_groupby(self, groupby_spec, query):
        records = self._identity_masked(groupby_spec)
        return super(CustomerComplaintPrivacyMixin, records)._read_group_groupby(
            groupby_spec, query
        )

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        records = self._identity_masked(field_name)
        return super(CustomerComplaintPrivacyMixin, records)._order_field_to_sql(
            alias, field_name, direction, nulls, query
        )

    def _search_message_partner_ids(self, operator, operand):
        domain = super()._search_message_partner_ids(operator, operand)
        hidden = self._identity_hidden_query()
        if hidden is None:
            return domain
        own = self.env.user.partner_id
        operands = operand if isinstance(operand, list | tuple | set) else [operand]
        if set(operands) <= set((own | own.commercial_partner_id).ids):
            # what one follows oneself discloses nobody (My Followed, the
            # complaints a portal user was copied on)
            return domain
        return expression.AND([domain, [("id", "not in", hidden)]])

    def _determine_fields_to_fetch(self, field_names, ignore_when_in_cache=False):
        # Masking (_read_format) reads non_disclosure on every record read
        # with an identity field: fetched with them, not by a second query of
        # every column. The superuser reads no mask.
        field_names = list(field_names or ())
        if not self.env.su and MASKED_FIELDS.intersection(field_names):
            field_names.append("non_disclosure")
        return super()._determine_fields_to_fetch(
            field_names, ignore_when_in_cache=ignore_when_in_cache
        )

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        identity = (IDENTITY_FIELDS | TOKEN_FIELDS) & set(fnames)
        texts = FREE_TEXT_FIELDS & set(fnames)
        if not (identity or texts) or self.env.su:
            return result
        user = self.env.user
        # only the records whose complainant chose non-disclosure are masked
        chosen = self.filtered(lambda record: record.id and record.non_disclosure)
        hidden = {
            record.id: record for record in chosen if record._identity_hidden_for(user)
        }
        if not hidden:
            return result
        for values in result:
            record = hidden.get(values["id"])
            if record is None:
                continue
            pseudonym = record.complainant_pseudonym
            if texts:
                undisclose = record._undisclosing()
                for fname in texts:
                    values[fname] = undisclose(values[fname])
            for fname in identity:
                field = self._fields[fname]
                if fname == "partner_name":
                    values[fname] = pseudonym
                elif field.type in ("one2many", "many2many"):
                    values[fname] = []
                else:
                    values[fname] = False
        return result

    def export_data(self, fields_to_export):
        # An export reads the values themselves, not _read_format: the rows
        # of the complaints whose complainant the exporter reads as the
        # pseudonym are exported one by one, and masked the same way, and so
        # is every text of their rows, whatever path it was read through.
        hidden = (
            self.browse()
            if self.env.su
            else self.filtered(
                lambda record: record.non_disclosure
                and record._identity_hidden_for(self.env.user)
            )
        )
        if not hidden:
            return super().export_data(fields_to_export)
        kinds = [self._export_column_kind(path) for path in fields_to_export]
        rows = []
        for is_hidden, group in itertools.groupby(self, lambda r: r in hidden):
            # the others in runs, each hidden one alone (with its lines' rows)
            members = list(group)
            runs = [[record] for record in members] if is_hidden else [members]
            for run in runs:
                records = self.browse(record.id for record in run)
                datas = super(CustomerComplaintPrivacyMixin, records).export_data(
                    fields_to_export
                )["datas"]
                if is_hidden:
                    records._export_mask(datas, fields_to_export, kinds)
                rows.extend(datas)
        return {"datas": rows}

    def _export_column_kind(self, path):
        """How an export column ``path`` of a hidden complaint is masked:
        "identity" (the complainant's own fields: the pseudonym or nothing),
        "name" (a name or address read through a relation: emptied if it
        names them), "partner" (a contact's id read through a relation:
        emptied if it is theirs), "text" (the pseudonym instead of them)."""
        parts = path.split("/")
        if re.split(r"[/.]", path, maxsplit=1)[0] in IDENTITY_FIELDS | TOKEN_FIELDS:
            return "identity"
        model, field = self, None
        for depth, part in enumerate(parts):
            if part in ("id", ".id"):
                return "partner" if depth and model._name == "res.partner" else None
            field = model._fields.get(part)
            if field is None:
                return None
            if field.relational:
                model = self.env[field.comodel_name]
        if (len(parts) > 1 or field.relational) and field.type not in ("text", "html"):
            return "name"
        return "text"

    def _export_mask(self, rows, fields_to_export, kinds):
        """Mask the export ``rows`` of self (one hidden complaint) in place."""
        self.ensure_one()
        undisclose = self._undisclosing()
        # sudo: the complainant's contact of a complaint the exporter reads
        # (export_data checked it), to take it out of their rows
        own = self.sudo().partner_id | self.sudo().commercial_partner_id
        # (an export writes ids as text, xml ids joined by commas)
        own_ids = {str(pid) for pid in own.ids}
        if "partner" in kinds:
            own_ids.update(
                xmlid for xmlids in own._get_external_ids().values() for xmlid in xmlids
            )
        for row in rows:
            for index, kind in enumerate(kinds):
                value = row[index]
                if not kind or not value:
                    continue
                if kind == "identity":
                    row[index] = (
                        self.complainant_pseudonym
                        if fields_to_export[index] == "partner_name"
                        else False
                    )
                elif kind == "partner" and own_ids.intersection(str(value).split(",")):
                    row[index] = False
                elif isinstance(value, str) and (text := undisclose(value)) != value:
                    row[index] = False if kind == "name" else text

    def _identity_for_document(self):
        """(name, email, phone) as a document outside the handling prints
        them (register, record PDF for investigation): the pseudonym and no
        contact details when the complainant chose non-disclosure."""
        self.ensure_one()
        if self.non_disclosure:
            return self.complainant_pseudonym, False, False
        return (
            self.partner_id.name or self.partner_name,
            self.email_from,
            self.partner_phone,
        )

    def _undisclosed(self, text):
        """``text`` with the complainant's name, addresses and phone replaced
        by the pseudonym and their access token removed (one record), for
        documents outside the handling."""
        return self._undisclosing()(text)

    def _undisclosing(self):
        """The function of _undisclosed (one record): the identity and token
        read once for the many texts of a record."""
        self.ensure_one()
        # sudo: the identity and token of a complaint the caller reads (their
        # read or export checked it), to take them out of what they read.
        record = self.sudo()
        pattern = record._personal_pattern()
        token = record.access_token
        pseudonym = str(self.complainant_pseudonym)

        def undisclose(text):
            if not text or not isinstance(text, str):
                return text
            replaced = str(text)
            if token:
                # (a portal link quoting it opens the complainant's page)
                replaced = replaced.replace(token, "")
            if pattern:
                replaced = pattern.sub(pseudonym, replaced)
            if replaced == text:
                return text
            return Markup(replaced) if isinstance(text, Markup) else replaced

        return undisclose

    def _check_token_disclosed(self):
        """Refuse a link carrying the access token of a complaint whose
        complainant the current user reads as the pseudonym: the token opens
        the complainant's own page (their data, their choices)."""
        if self.env.su:
            return
        user = self.env.user
        if any(
            record.non_disclosure and record._identity_hidden_for(user)
            for record in self
        ):
            raise AccessError(
                self.env._(
                    "The complainant asked that their identity not be disclosed "
                    "to you: the link to their portal page, which opens it as "
                    "them, is given only to the people handling the complaint."
                )
            )

    @api.model
    def _register_identity_sql(self, fname, alias):
        """The SQL expression of column ``fname`` of the register (table
        ``alias``): the pseudonym, or nothing, for the complaints whose
        complainant chose non-disclosure; None for other columns."""
        if fname not in IDENTITY_FIELDS:
            return None
        column = SQL.identifier(alias, fname)
        chosen = SQL.identifier(alias, "non_disclosure")
        if fname == "partner_name":
            prefix, __, suffix = self.env._(
                "Complainant %(ref)s", ref="\x00"
            ).partition("\x00")
            return SQL(
                "CASE WHEN %s THEN concat(%s, %s, %s) ELSE %s END",
                chosen,
                prefix,
                SQL.identifier(alias, "reference"),
                suffix,
                column,
            )
        return SQL("CASE WHEN %s THEN NULL ELSE %s END", chosen, column)

    # ------------------------------------------------------------------
    # Mail to third parties
    # ------------------------------------------------------------------

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        groups = super()._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )
        if len(self) != 1 or not self.non_disclosure:
            return groups
        # sudo: who handles it, and who the complainant is.
        record = self.sudo()
        disclosed = (
            record._identity_disclosed_users().partner_id
            | record.partner_id
            | record.partner_id.commercial_partner_id
        ).ids
        return [
            [
                UNDISCLOSED_GROUP,
                lambda pdata: pdata["id"] not in disclosed,
                {"active": True, "has_button_access": False},
            ],
            *groups,
        ]

    def _notify_by_email_render_layout(
        self, message, recipients_group, msg_vals=False, render_values=None
    ):
        body = super()._notify_by_email_render_layout(
            message, recipients_group, msg_vals=msg_vals, render_values=render_values
        )
        if recipients_group.get("notification_group_name") != UNDISCLOSED_GROUP:
            return body
        return Markup(self._undisclosed(str(body)))

    # ------------------------------------------------------------------
    # The choice and the statement: recorded, withdrawn by the complainant
    # ------------------------------------------------------------------

    def _check_privacy_stamps(self, vals):
        if PRIVACY_STAMPS & set(vals) and not self._is_process():
            raise AccessError(
                self.env._(
                    "When non-disclosure was asked or withdrawn and when the "
                    "privacy statement was given are recorded by the intake and "
                    "the choice itself, not written directly."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            self._check_privacy_stamps(vals)
            if vals.get("non_disclosure"):
                vals["date_non_disclosure"] = now
            if vals.get("privacy_statement_shown"):
                vals["date_privacy_statement"] = now
        return super().create(vals_list)

    def write(self, vals):
        self._check_privacy_stamps(vals)
        if (
            (IDENTITY_FIELDS | TOKEN_FIELDS | {"non_disclosure"}) & set(vals)
            and not self.env.su
            and any(record._identity_hidden_for(self.env.user) for record in self)
        ):
            # they read the pseudonym: writing it back would replace the name
            raise UserError(
                self.env._(
                    "The complainant asked that their identity not be disclosed "
                    "to you: their contact details and this choice are changed "
                    "by the people handling the complaint."
                )
            )
        self._check_free_text_writable(FREE_TEXT_FIELDS & set(vals))
        before = {}
        if "non_disclosure" in vals:
            before = {record.id: record.non_disclosure for record in self}
            withdrawn = not vals["non_disclosure"] and any(before.values())
            if (
                withdrawn
                and not self._is_process()
                and not self.env.user.has_group(MANAGER_GROUP)
            ):
                raise UserError(
                    self.env._(
                        "Only the complainant withdraws their choice not to be "
                        "disclosed: on the portal, or by asking a complaint "
                        "manager, who records it."
                    )
                )
        if vals.get("privacy_statement_shown") is False and not self._is_process():
            if any(self.mapped("privacy_statement_shown")):
                raise UserError(
                    self.env._("The privacy statement was given: that stays on record.")
                )
        result = super().write(vals)
        now = fields.Datetime.now()
        if vals.get("privacy_statement_shown"):
            self.filtered(lambda r: not r.date_privacy_statement)._process_env().write(
                {"date_privacy_statement": now}
            )
        if before:
            chosen = self.filtered(lambda r: r.non_disclosure and not before[r.id])
            chosen._process_env().write(
                {"date_non_disclosure": now, "date_non_disclosure_withdrawn": False}
            )
            withdrawn = self.filtered(lambda r: not r.non_disclosure and before[r.id])
            withdrawn._process_env().write({"date_non_disclosure_withdrawn": now})
        return result

    def _check_free_text_writable(self, fnames):
        """Refuse writing ``fnames`` on a complaint whose text quotes the
        complainant the current user reads as the pseudonym: they edited the
        copy that reads the pseudonym, saving it would drop the name."""
        if not fnames or self._is_process():
            return
        user = self.env.user
        for record in self:
            if not (record.non_disclosure and record._identity_hidden_for(user)):
                continue
            undisclose = record._undisclosing()
            # (the stored text: only reads go through the mask)
            if any(undisclose(record[fname]) != record[fname] for fname in fnames):
                raise UserError(
                    self.env._(
                        "This text quotes the complainant, who asked that their "
                        "identity not be disclosed to you: it is changed by the "
                        "people handling the complaint."
                    )
                )

    def _portal_withdraw_non_disclosure(self):
        """The complainant withdraws their choice (the portal route checked
        they are the complainant, and calls this with sudo)."""
        for record in self.filtered("non_disclosure"):
            record._process_env().write({"non_disclosure": False})
            record.message_post(
                body=self.env._(
                    "The complainant withdrew their choice not to be disclosed."
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ------------------------------------------------------------------
    # Access on request (GDPR 15)
    # ------------------------------------------------------------------

    def _personal_data_export(self):
        """Everything held about the complaint that concerns the complainant,
        as JSON-ready data (one record, read as the complainant may: the
        caller checked it is them)."""
        self.ensure_one()

        def dt(value):
            return fields.Datetime.to_string(value) if value else None

        def label(fname):
            field = self._fields[fname]
            value = self[fname]
            if field.type == "selection":
                return dict(field._description_selection(self.env)).get(value)
            if field.type == "many2one":
                return value.display_name or None
            return value or None

        messages = self.message_ids.filtered(
            lambda m: m.message_type in ("comment", "email", "email_outgoing")
            and not m.is_internal
            and not m.subtype_id.internal
        ).sorted(lambda m: (m.date, m.id))
        return {
            "complaint": {
                "reference": self.reference,
                "subject": self.name,
                "received_on": dt(self.date_received),
                "channel": label("channel"),
                "status": self.stage_id.name,
                "description": html2plaintext(self.description or "") or None,
                "requested_remedy": label("requested_remedy"),
                "requested_remedy_details": self.requested_remedy_details or None,
                "order": label("sale_order_id"),
                "invoice": label("invoice_id"),
                "product": label("product_id"),
                "your_order_reference": self.customer_order_reference or None,
            },
            "your_data": {
                "name": self.partner_id.name or self.partner_name or None,
                "email": self.email_from or None,
                "phone": self.partner_phone or None,
                "language": self.lang or None,
                "identity_not_disclosed": self.non_disclosure,
                "non_disclosure_asked_on": dt(self.date_non_disclosure),
                "non_disclosure_withdrawn_on": dt(self.date_non_disclosure_withdrawn),
                "privacy_statement_given_on": dt(self.date_privacy_statement),
                "anonymized_on": dt(self.date_anonymized),
                "retention_months": self.company_id.complaint_retention_months,
            },
            "messages": [
                {
                    "date": dt(message.date),
                    "from": message.author_id.name or message.email_from or None,
                    "subject": message.subject or None,
                    "body": html2plaintext(message.body or ""),
                    "attachments": message.attachment_ids.mapped("name"),
                }
                for message in messages
            ],
            # as the record PDF prints them for the complainant
            "decisions": [
                {
                    "round": decision.round,
                    "communicated_on": dt(decision.date_communicated),
                    "fields": dict(rows),
                }
                for decision, rows in self.env[
                    "report.customer_complaint_iso10002.report_complaint"
                ]
                .with_context(complaint_portal=True)
                ._decisions(self)
            ],
            "timeline": [
                {
                    "phase": phase["label"],
                    "reached_on": dt(phase["date_done"]),
                    "promised_by": dt(phase["date_deadline"]),
                }
                for phase in self._get_timeline(portal=True)
            ],
            "erasure_requests": [
                {
                    "requested_on": dt(request.date_requested),
                    "deadline": fields.Date.to_string(request.date_deadline),
                    "status": dict(
                        request._fields["state"]._description_selection(self.env)
                    ).get(request.state),
                }
                for request in self.sudo().erasure_request_ids
            ],
        }

    # ------------------------------------------------------------------
    # For the mail models, which mask row by row (messages, followers)
    # ------------------------------------------------------------------

    def _thread_to_store(self, store, /, **kwargs):
        # The chatter neither lists nor counts the complainant among the
        # followers for whoever reads the pseudonym (mail.followers._search):
        # its list shows each follower's contact, which a mask cannot hide.
        return super(
            CustomerComplaintPrivacyMixin,
            self.with_context(**{WITHOUT_COMPLAINANT: True}),
        )._thread_to_store(store, **kwargs)

    def _message_followers_to_store(self, store, *args, **kwargs):
        # (the chatter's "load more" of followers and recipients)
        return super(
            CustomerComplaintPrivacyMixin,
            self.with_context(**{WITHOUT_COMPLAINANT: True}),
        )._message_followers_to_store(store, *args, **kwargs)

    def _notify_by_email_prepare_rendering_context(self, message, *args, **kwargs):
        # One notification mail is rendered for followers of every kind, some
        # of whom read the pseudonym: it carries no tracked change of the
        # complainant (_track_filter_for_display); the chatter shows them to
        # each reader as their rights allow.
        return super(
            CustomerComplaintPrivacyMixin,
            self.with_context(complaint_notify_by_email=True),
        )._notify_by_email_prepare_rendering_context(message, *args, **kwargs)

    def _track_filter_for_display(self, tracking_values):
        tracking_values = super()._track_filter_for_display(tracking_values)
        # sudo: the choice decides what the mail shows, whoever posts it
        if not (
            self.env.context.get("complaint_notify_by_email")
            and self.sudo().non_disclosure
        ):
            return tracking_values
        return tracking_values.filtered(
            lambda tracking: tracking.field_id.name not in IDENTITY_FIELDS
        )

    @api.model
    def _identity_hidden_among(self, ids, user):
        """{id: record} of the records of ``ids`` whose complainant ``user``
        reads as the pseudonym (_identity_hidden_for), as superuser: for the
        mail models, which mask their rows on complaints (ids of res_id). The
        chatter formats its messages and followers one by one: the choice is
        fetched once for all of them, then read from the cache."""
        # sudo: the choice and the people of the complaints, to decide; the
        # caller read the rows that point to them.
        records = self.sudo().browse(ids)
        records.fetch(["non_disclosure"])
        hidden = {}
        for record in records:
            try:
                if record.non_disclosure and record._identity_hidden_for(user):
                    hidden[record.id] = record
            except MissingError:
                continue  # a row left behind by a deleted complaint
        return hidden

    def _complainant_among(self, partners):
        """The partners of ``partners`` who are the complainant (one record):
        their contact, its company, or a contact with their name, address or
        phone."""
        self.ensure_one()
        # sudo: who the complainant is, to decide what the caller reads.
        record = self.sudo()
        own = record.partner_id | record.commercial_partner_id
        pattern = record._personal_pattern()
        return partners.sudo().filtered(
            lambda partner: partner in own
            or bool(
                pattern
                and any(
                    pattern.search(value)
                    for value in (partner.name, partner.email, partner.phone)
                    if value
                )
            )
        )


class PortalMixin(models.AbstractModel):
    """The links carrying a complaint's access token are refused to whoever
    reads its complainant as the pseudonym (_check_token_disclosed). Here:
    portal.mixin comes before the privacy mixin among the complaint's
    classes and builds its links without calling super."""

    _inherit = "portal.mixin"

    def _complaint_privacy(self):
        """Whether self is a complaint (or another model of the privacy
        mixin)."""
        return isinstance(self, self.pool["customer.complaint.privacy.mixin"])

    def get_portal_url(
        self,
        suffix=None,
        report_type=None,
        download=None,
        query_string=None,
        anchor=None,
    ):
        if self._complaint_privacy():
            self._check_token_disclosed()
        return super().get_portal_url(
            suffix=suffix,
            report_type=report_type,
            download=download,
            query_string=query_string,
            anchor=anchor,
        )

    def _get_share_url(
        self, redirect=False, signup_partner=False, pid=None, share_token=True
    ):
        # (the Share wizard, portal.share, builds its link here)
        if share_token and self._complaint_privacy():
            self._check_token_disclosed()
        return super()._get_share_url(
            redirect=redirect,
            signup_partner=signup_partner,
            pid=pid,
            share_token=share_token,
        )

    def _get_access_action(self, access_uid=None, force_website=False):
        # A portal user opening a mail's link to the complaint (/mail/view)
        # who reads it by their own rights (record rules) is sent to its page
        # without the token: the token is the complainant's key (their
        # answers, their data), which a colleague or a follower does not read
        # (groups). So is a staff member previewing it who reads the
        # pseudonym. A link opened with the token itself (a visitor: no rights
        # of their own) keeps core's link, with the token they hold.
        if self._complaint_privacy() and len(self) == 1:
            # sudo: the groups of the user the link is for, as core does
            user = (
                self.env["res.users"].sudo().browse(access_uid)
                if access_uid
                else self.env.user
            )
            own_page = user.share and self.with_user(user).has_access("read")
            hidden_preview = (
                not user.share
                and force_website
                and self.non_disclosure
                and self._identity_hidden_for(user)
            )
            if own_page or hidden_preview:
                return {
                    "type": "ir.actions.act_url",
                    "url": self.access_url,
                    "target": "self",
                    "res_id": self.id,
                }
        return super()._get_access_action(
            access_uid=access_uid, force_website=force_website
        )
