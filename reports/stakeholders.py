"""Which answers say who owns what: the evidence behind the stakeholder map.

KS-2 splits a commerce transformation into three ownership areas — experience (KS-3),
technology (KS-4) and executive sponsorship (KS-5) — and the RR/TM documents name the
roles a programme needs. This module maps each of them to the bank's questions and
to the choice values that mean "in place" or "missing". It is data about the
commerce-readiness bank; a test checks every id and value here against the bank, so
renaming a question or choice there fails loudly instead of silently blanking the map.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Signal:
    """How one question tells whether something is in place or missing."""

    question: str
    present: frozenset[str]
    missing: frozenset[str]

    def status(self, value: object) -> str | None:
        """'present', 'missing', or None when the answer does not tell."""
        values = value if isinstance(value, list) else [value]
        if any(v in self.missing for v in values if isinstance(v, str)):
            return "missing"
        if any(v in self.present for v in values if isinstance(v, str)):
            return "present"
        return None


def _signal(question: str, present: set[str], missing: set[str]) -> Signal:
    return Signal(question, frozenset(present), frozenset(missing))


@dataclass(frozen=True)
class PillarSpec:
    """One of the three KS ownership areas: its source, deciding question, evidence, roles."""

    id: str
    source: str
    signal: Signal
    evidence: tuple[str, ...]
    roles: tuple[str, ...]


PILLARS: tuple[PillarSpec, ...] = (
    PillarSpec(
        id="experience",
        source="KS-3",
        signal=_signal("eb_experience_owner", {"named_person", "team_with_lead"},
                       {"several_departments", "nobody"}),
        evidence=("eb_experience_owner", "eb_head_of_digital", "cs_manager"),
        roles=("head_of_digital", "marketing_manager", "customer_service_manager"),
    ),
    PillarSpec(
        id="technology",
        source="KS-4",
        signal=_signal("bo_technology_owner", {"internal_lead", "partner_with_owner"},
                       {"partner_only", "nobody"}),
        evidence=("bo_technology_owner", "bo_it_involvement", "pr_current_platform"),
        roles=("it_systems_manager", "erp_engineer", "developers"),
    ),
    PillarSpec(
        id="sponsorship",
        source="KS-5",
        signal=_signal("eb_sponsor", {"board_member", "senior_manager"},
                       {"informal", "no_sponsor"}),
        evidence=("eb_sponsor", "eb_checkpoints", "eb_csuite_support"),
        roles=("executive_sponsor", "c_suite"),
    ),
)

# Role id -> the answer that shows whether someone holds it. Roles not listed here
# are not asked about directly; the map shows them as "not asked".
ROLE_SIGNALS: dict[str, Signal] = {
    "executive_sponsor": _signal("eb_sponsor", {"board_member", "senior_manager"},
                                 {"informal", "no_sponsor"}),
    "c_suite": _signal("eb_clevel_timing", {"from_start", "planning", "late"}, {"not_involved"}),
    "head_of_digital": _signal("eb_head_of_digital", {"dedicated", "combined", "shared"},
                               {"nobody"}),
    "ecommerce_sme": _signal("bo_sme", {"functional_and_technical", "one_sme", "partner_only"},
                             {"no_sme"}),
    "business_analyst": _signal("bo_business_analyst",
                                {"dedicated_analyst", "part_time", "partner_analyst"}, {"nobody"}),
    "it_systems_manager": _signal("bo_technology_owner", {"internal_lead", "partner_with_owner"},
                                  {"partner_only", "nobody"}),
    "testers": _signal("bo_testing", {"dedicated_testers", "test_plan"}, {"ad_hoc", "untested"}),
    "logistics_manager": _signal("wh_logistics_manager",
                                 {"dedicated", "partner_contact", "combined"}, {"nobody"}),
    "inventory_manager": _signal("wh_inventory_manager", {"yes"}, {"no"}),
    "customer_service_manager": _signal("cs_manager", {"yes"}, {"no"}),
    "content_team": _signal("ct_owner", {"content_team", "named_person"}, {"whoever", "nobody"}),
    "data_team": _signal("ct_data_insight", {"acted_on", "reports_only"},
                         {"ad_hoc", "no_insight"}),
}

# KS-2: in a small business a handful of people take on everything. These answers
# say so; the map then shows unsplit roles as shared rather than missing.
SMALL_TEAM_SIGNALS: tuple[Signal, ...] = (
    _signal("pr_org_size", {"micro", "small"}, set()),
    _signal("pr_team_structure", {"one_team"}, set()),
)

# Roles that stay "missing" even in a small team: someone must still sponsor and own.
ALWAYS_REQUIRED = frozenset({"executive_sponsor"})
