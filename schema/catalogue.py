"""The catalogue: ISCMs, member States, memberships and organisations, with their root fields.

Each type says where it reads once (`__read__`); plain scalar fields read their same-named
column, every other field carries its declaration (schema/read_path/declare.py).
"""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from sqlalchemy import and_
from strawberry import relay

from db import models
from db.queries import analysis as analysis_sql
from db.queries import catalogue as sql
from db.queries.calendar import EVENT_SORTS
from db.queries.documents import DOCUMENT_SORTS, document_linked
from db.queries.recommendations import RECOMMENDATION_SORTS, of_member_state
from db.queries.review import CONTRIBUTION_SORTS
from db.queries.text_search import matches
from schema import indicators as un_data
from schema.calendar import Event, EventFilter
from schema.changed_since import updated_since
from schema.documents import Document, DocumentFilter
from schema.enums import IscmKind, IscmStatus, MembersConfidence, MembershipRole, UnStatus
from schema.orderings import (
    DocumentOrder,
    EventOrder,
    IscmOrder,
    MemberStateOrder,
    RecommendationOrder,
    ReviewContributionOrder,
    newest_first,
)
from schema.pagination import PAGE_HELP, Connection, page_field
from schema.read_path.arguments import bad_input, objective_number, search_text, state_code
from schema.read_path.declare import (
    Argument,
    Lookup,
    Paginated,
    Relation,
    argument,
    computed,
    derived,
    field_with,
    read_through,
    reads,
    related,
    table,
)
from schema.recommendations import Recommendation, RecommendationFilter
from schema.references import ISCM_SLUG, REGION_NAME, STATE_CODE, THEME_SLUG
from schema.review import ReviewContributionFilter
from schema.synthetic import INCLUDE_SYNTHETIC, INCLUDE_SYNTHETIC_ARGUMENT
from schema.un_standing import UN_STATUS, UN_STATUS_HELP

if TYPE_CHECKING:
    from schema.analysis import GovernanceProfile, IscmObjectiveCount, StateOverlap
    from schema.disputed_facts import DisputedFact
    from schema.gcm import GcmObjective
    from schema.reference import ThematicArea
    from schema.review import ReviewContribution

RecommendationType = Annotated["Recommendation", strawberry.lazy("schema.recommendations")]
ContributionType = Annotated["ReviewContribution", strawberry.lazy("schema.review")]
EventType = Annotated["Event", strawberry.lazy("schema.calendar")]
ThemeType = Annotated["ThematicArea", strawberry.lazy("schema.reference")]
ObjectiveCountType = Annotated["IscmObjectiveCount", strawberry.lazy("schema.analysis")]
ProfileType = Annotated["GovernanceProfile", strawberry.lazy("schema.analysis")]
DisputedFactType = Annotated["DisputedFact", strawberry.lazy("schema.disputed_facts")]
OverlapType = Annotated["StateOverlap", strawberry.lazy("schema.analysis")]

ROLE = Argument(condition=lambda _, membership, role, __: membership.c.role == role)


@strawberry.federation.type(
    keys=["id", "slug"],
    description="An Inter-State Consultation Mechanism on migration: a regional consultative process, an inter-regional forum or a global process.",
)
class Iscm(relay.Node):
    __read__ = table(models.Iscm, key="id")
    iscm_id: relay.NodeID[int]
    slug: str = strawberry.field(description="Stable, URL-safe identifier, e.g. `bali-process`.")
    acronym: str | None = strawberry.field(
        description="Acronym, e.g. `RCM`; null for processes known by name only (e.g. the Bali Process)."
    )
    name: str = strawberry.field(description="Full name.")
    kind: IscmKind = strawberry.field(description="RCP, inter-regional forum or global process.")
    regions: list[str] = strawberry.field(
        description="Regions the mechanism covers, as its sources name them."
    )
    established: int | None = strawberry.field(description="Year it was established.")
    secretariat: str | None = strawberry.field(
        description="Who provides the secretariat, as the source words it; null when there is none or none was found."
    )
    status: IscmStatus = strawberry.field(description="Whether it still meets.")
    website: str | None = strawberry.field(
        description="Official website, when one was seen in the sources."
    )
    summary: str | None = strawberry.field(
        description="A paraphrased summary of its purpose and history."
    )
    open_to: str | None = strawberry.field(
        description="For global processes: who may take part. Their `members` list is empty on purpose."
    )
    members_confidence: MembersConfidence = strawberry.field(
        description="Whether `members` is the complete list (CONFIRMED) or only what the public record showed (PARTIAL)."
    )
    observers_confidence: MembersConfidence = strawberry.field(
        description='Whether `observers` and `observerOrganizations` are the complete lists (CONFIRMED) or only what the public record showed (PARTIAL, the default: an empty list is not "no observers").'
    )
    members_without_iso: list[str] = strawberry.field(
        description="Members a source names that have no ISO 3166-1 code (e.g. Kosovo*), so are not in `members`."
    )
    sources: list[str] = strawberry.field(
        description="URLs of the public sources this record rests on."
    )
    version: int = strawberry.field(description="Incremented on every change to this record.")
    created_at: datetime = strawberry.field(description="When the record was created.")
    updated_at: datetime = strawberry.field(description="When the record last changed.")
    members: list["MemberState"] = strawberry.field(
        description="Member States, by name. Read `membersConfidence` before treating it as complete.",
        metadata=related(
            lambda iscm, state, _: sql.is_participant(iscm, state, "MEMBER"),
            order=lambda state: (state.c.name, state.c.iso3),
        ),
    )
    observers: list["MemberState"] = strawberry.field(
        description="Observer States, by name.",
        metadata=related(
            lambda iscm, state, _: sql.is_participant(iscm, state, "OBSERVER"),
            order=lambda state: (state.c.name, state.c.iso3),
        ),
    )
    memberships: list["Membership"] = field_with(
        "Every participating State with its role, by State name.",
        Relation(
            lambda iscm, membership, _: membership.c.iscm_id == iscm.c.id,
            order=lambda membership: (membership.c.state_name, membership.c.state_iso3),
            arguments={"role": ROLE},
        ),
        role=(MembershipRole | None, None),
    )
    member_count: int = strawberry.field(
        description="How many member States are listed (observers not counted).",
        metadata=computed(lambda iscm, _: sql.member_count(iscm)),
    )
    observer_organizations: list["Organization"] = strawberry.field(
        description="International organisations that observe or support the mechanism. Read `observersConfidence` before treating it as complete.",
        metadata=related(
            lambda iscm, organization, _: sql.observes(iscm, organization),
            order=lambda organization: (organization.c.name,),
        ),
    )
    organization_memberships: list["OrganizationMembership"] = strawberry.field(
        description="The same organisations, each with the source that cites its part, by name.",
        metadata=related(
            lambda iscm, link, _: link.c.iscm_id == iscm.c.id,
            order=lambda link: (link.c.name, link.c.organization_id),
        ),
    )
    disputed_facts: list[DisputedFactType] = strawberry.field(
        description="Facts about it that sources state differently (its founding year, its members or observers, one State's role), each with every side and its sources, by field. The other fields show one side (or none): read these before quoting them.",
        metadata=related(
            lambda iscm, fact, _: fact.c.iscm_id == iscm.c.id,
            order=lambda fact: (fact.c.field, fact.c.slug),
        ),
    )
    thematic_areas: list[ThemeType] = strawberry.field(
        description="Themes it works on: those linked to it and those of its recommendations you may see (shared ones included), by name.",
        metadata=related(
            lambda iscm, theme, _: theme.c.theme_iscm_id == iscm.c.id,
            order=lambda theme: (theme.c.name,),
            rows=derived("ThematicArea", sql.theme_rows),
        ),
    )
    gcm_objectives: list[ObjectiveCountType] = field_with(
        "GCM objectives its recommendations (shared ones included) or visible review contributions address, by number, with counts; real records only unless `includeSynthetic`.",
        Relation(
            lambda iscm, count, _: and_(
                count.c.iscm_id == iscm.c.id, analysis_sql.addressed(count)
            ),
            order=lambda count: (count.c.objective_number,),
            arguments={"includeSynthetic": INCLUDE_SYNTHETIC},
        ),
        include_synthetic=INCLUDE_SYNTHETIC_ARGUMENT,
    )
    governance_profile: ProfileType = field_with(
        "Its recommendations (shared ones included) and visible review contributions counted over governance level, phase and outcome type; real records only unless `includeSynthetic`, with the `basis` they rest on.",
        Relation(arguments={"includeSynthetic": INCLUDE_SYNTHETIC}),
        include_synthetic=INCLUDE_SYNTHETIC_ARGUMENT,
    )
    recommendations: Connection[RecommendationType] = page_field(
        f"Recommendations it adopted, with those it adopted together with other ISCMs. {PAGE_HELP}",
        Paginated(
            lambda iscm, recommendation, _: sql.belongs(recommendation, iscm),
            RECOMMENDATION_SORTS,
            "ADOPTED_ON",
            newest_first("ADOPTED_ON"),
            rows=read_through(Recommendation.__read__, sql.recommendation_rows),
        ),
        order_by=RecommendationOrder,
        filter=RecommendationFilter,
    )
    review_contributions: Connection[ContributionType] = page_field(
        f"Its contributions to GCM reviews that you may see (PUBLISHED ones unless you are its partner or an editor). {PAGE_HELP}",
        Paginated(
            lambda iscm, contribution, _: contribution.c.iscm_id == iscm.c.id,
            CONTRIBUTION_SORTS,
            "CREATED",
            newest_first("CREATED"),
        ),
        order_by=ReviewContributionOrder,
        filter=ReviewContributionFilter,
    )
    documents: Connection[Document] = page_field(
        f"Its documents (declarations, action plans, statements, ...), alone or with other ISCMs, newest first by default. {PAGE_HELP}",
        Paginated(
            lambda iscm, document, _: document_linked(
                models.document_iscms, "iscm_id", document, iscm.c.id
            ),
            DOCUMENT_SORTS,
            "DATE",
            newest_first("DATE", "PUBLISHED_ON"),
        ),
        order_by=DocumentOrder,
        filter=DocumentFilter,
    )
    events: Connection[EventType] = page_field(
        f"Meetings it held, alone or with other ISCMs, on the ISCM calendar. {PAGE_HELP}",
        Paginated(
            lambda iscm, event, _: sql.belongs(event, iscm),
            EVENT_SORTS,
            "STARTS_ON",
            rows=read_through(Event.__read__, sql.event_rows),
        ),
        order_by=EventOrder,
        filter=EventFilter,
    )
    # UN data over the members (schema/indicators.py).
    indicator_summary: un_data.IndicatorSummary | None = un_data.iscm_indicator_summary_field


@strawberry.federation.type(
    keys=["iso3"],
    description="A State or territory, identified by ISO 3166-1 alpha-3 and placed in the UN M49 regions.",
)
class MemberState(relay.Node):
    __read__ = table(models.MemberState, key="iso3")
    state_code: relay.NodeID[str]
    iso3: str = strawberry.field(description="ISO 3166-1 alpha-3 code, e.g. `PHL`.")
    iso2: str = strawberry.field(description="ISO 3166-1 alpha-2 code, e.g. `PH`.")
    m49: int = strawberry.field(description="UN M49 numeric code, e.g. 608.")
    name: str = strawberry.field(description="Short name.")
    official_name: str | None = strawberry.field(description="Official name.")
    region: str | None = strawberry.field(
        description="M49 region (Africa, Americas, Asia, Europe, Oceania)."
    )
    subregion: str | None = strawberry.field(description="M49 sub-region, e.g. South-eastern Asia.")
    intermediate_region: str | None = strawberry.field(
        description="M49 intermediate region where one applies, e.g. Central America."
    )
    un_status: UnStatus = strawberry.field(description="Standing at the United Nations.")
    un_member_since: int | None = strawberry.field(
        description="Year of admission to the UN, for Member States."
    )
    un_member: bool = strawberry.field(
        description="Whether it is one of the 193 UN Member States.",
        metadata=computed(lambda state, _: state.c.un_status == "MEMBER"),
    )
    alternative_names: list[str] = strawberry.field(
        description="Other names it is known by (former, common and ISO 3166-1 names), which `search` finds it by."
    )
    updated_at: datetime = strawberry.field(description="When the record last changed.")
    iscms: list[Iscm] = field_with(
        "ISCMs the State takes part in (as member or observer), by name.",
        Relation(
            lambda state, iscm, _: sql.is_participant(iscm, state),
            order=lambda iscm: (iscm.c.name, iscm.c.id),
            arguments={
                "role": Argument(
                    condition=lambda state, iscm, role, _: sql.is_participant(iscm, state, role)
                )
            },
        ),
        role=(MembershipRole | None, None),
    )
    memberships: list["Membership"] = strawberry.field(
        description="The State's memberships with their roles, by ISCM name.",
        metadata=related(
            lambda state, membership, _: membership.c.state_iso3 == state.c.iso3,
            order=lambda membership: (membership.c.iscm_name, membership.c.iscm_id),
        ),
    )
    recommendations: Connection[RecommendationType] = page_field(
        f"Recommendations of the ISCMs it is a member of (not an observer). {PAGE_HELP}",
        Paginated(
            lambda state, recommendation, _: of_member_state(recommendation, state),
            RECOMMENDATION_SORTS,
            "ADOPTED_ON",
            newest_first("ADOPTED_ON"),
        ),
        order_by=RecommendationOrder,
        filter=RecommendationFilter,
    )
    overlap: list[OverlapType] = field_with(
        "The other States it shares most ISCMs with (both as members), most shared first, then by name.",
        Relation(
            lambda state, overlap, _: overlap.c.state_iso3 == state.c.iso3,
            order=lambda overlap: (overlap.c.shared_iscm_count.desc(), overlap.c.name),
            limit=("first", 10),
        ),
        first=(
            Annotated[
                int | None,
                strawberry.argument(
                    description="How many States to list (default 10, at most the page size)."
                ),
            ],
            None,
        ),
    )
    # UN data (schema/indicators.py).
    indicators: list[un_data.Observation] | None = un_data.state_indicators_field
    migrant_stock: list[un_data.Observation] | None = un_data.migrant_stock_field
    refugees_hosted: list[un_data.Observation] | None = un_data.refugees_hosted_field
    refugees_originating: list[un_data.Observation] | None = un_data.refugees_originating_field
    remittances_received: list[un_data.Observation] | None = un_data.remittances_received_field
    remittance_cost_percent: list[un_data.Observation] | None = (
        un_data.remittance_cost_percent_field
    )


@strawberry.type(description="A State's participation in an ISCM.")
class Membership:
    __read__ = derived("Membership", sql.membership_rows)
    role: MembershipRole = strawberry.field(
        description="Member or observer (where `unverified`, the role the catalogue holds, in doubt)."
    )
    since: int | None = strawberry.field(description="Year the State joined, when known.")
    until: int | None = strawberry.field(
        description="Year a source says its participation ended or was suspended; null while it lasts or when unknown."
    )
    source: str | None = strawberry.field(
        description="Source URL of the membership, where one is recorded for it (always for territories)."
    )
    unverified: bool = strawberry.field(
        description="True where the sources leave the role in doubt (see `note`, and the ISCM's `disputedFacts`)."
    )
    note: str | None = strawberry.field(
        description="What the sources say about it, where it needs a word."
    )
    iscm: Iscm = strawberry.field(
        description="The mechanism.",
        metadata=related(lambda membership, iscm, _: iscm.c.id == membership.c.iscm_id),
    )
    state: MemberState = strawberry.field(
        description="The State.",
        metadata=related(lambda membership, state, _: state.c.iso3 == membership.c.state_iso3),
    )


@strawberry.type(description="An international organisation's part in an ISCM.")
class OrganizationMembership:
    __read__ = derived("OrganizationMembership", sql.organization_membership_rows)
    source: str | None = strawberry.field(
        description="Source URL citing its part, where one is recorded for it."
    )
    organization: "Organization" = strawberry.field(
        description="The organisation.",
        metadata=related(lambda link, organization, _: organization.c.id == link.c.organization_id),
    )


@strawberry.type(
    description="An international organisation taking part in ISCMs as observer or partner."
)
class Organization:
    __read__ = table(models.Organization)
    name: str = strawberry.field(description="Full name, as the source writes it.")
    acronym: str | None = strawberry.field(description="Acronym, when the name carries one.")


REGION_HELP = "An M49 region, sub-region or intermediate region name (see `regions`)"
# Conditions of the ISCM filters, the catalogue's and the coverage matrix's.
ISCM_KIND = argument(condition=lambda _, iscm, kind, __: iscm.c.kind == kind)
ISCM_REGION = argument(
    condition=lambda _, iscm, region, __: sql.has_member_in(iscm, region), reference=REGION_NAME
)


@strawberry.input(description="Which ISCMs to list; every given condition must hold.")
class IscmFilter:
    kind: IscmKind | None = strawberry.field(
        default=None,
        description="RCP, IRF or GLOBAL.",
        metadata=ISCM_KIND,
    )
    region: str | None = strawberry.field(
        default=None,
        description=f"{REGION_HELP}: ISCMs with at least one member State (not observer) placed there. Global processes list no members, so never match.",
        metadata=ISCM_REGION,
    )
    member_state: str | None = strawberry.field(
        default=None,
        description="ISO 3166-1 alpha-3 code: ISCMs the State is member or observer of.",
        metadata=argument(
            check=state_code,
            condition=lambda _, iscm, iso3, __: sql.takes_part(iscm.c.id, iso3),
            reference=STATE_CODE,
        ),
    )
    thematic_area: str | None = strawberry.field(
        default=None,
        description="Thematic area slug: ISCMs linked to the theme or with a real recommendation on it (shared ones included; demo data does not count).",
        metadata=argument(
            condition=lambda _, iscm, slug, reading: sql.works_on(iscm, slug, reading),
            reference=THEME_SLUG,
        ),
    )
    gcm_objective: int | None = strawberry.field(
        default=None,
        description="GCM objective number (1-23): ISCMs with a real recommendation (shared ones included) or visible review contribution addressing it, as `gcmCoverage` counts them.",
        metadata=argument(
            check=objective_number,
            condition=lambda _, iscm, number, reading: sql.addresses(iscm, number, reading),
        ),
    )
    status: IscmStatus | None = strawberry.field(
        default=None,
        description="Whether it still meets.",
        metadata=argument(condition=lambda _, iscm, status, __: iscm.c.status == status),
    )
    search: str | None = strawberry.field(
        default=None,
        description="Full-text search on acronym, name and summary (web search syntax: quotes, `or`, `-word`).",
        metadata=argument(
            check=search_text,
            condition=lambda _, iscm, text, __: matches(iscm.c.search_vector, text),
        ),
    )
    updated_since: datetime | None = updated_since()


@strawberry.input(description="Which member States to list; every given condition must hold.")
class MemberStateFilter:
    region: str | None = strawberry.field(
        default=None,
        description=f"{REGION_HELP}.",
        metadata=argument(
            condition=lambda _, state, region, __: sql.in_region(state, region),
            reference=REGION_NAME,
        ),
    )
    iscm: str | None = strawberry.field(
        default=None,
        description="ISCM slug: States taking part in it as member or observer.",
        metadata=argument(
            condition=lambda _, state, iscm_id, __: sql.takes_part(iscm_id, state.c.iso3),
            reference=ISCM_SLUG,
        ),
    )
    un_members_only: bool = strawberry.field(
        default=False,
        description="Only the 193 UN Member States (as `unStatus: [MEMBER]`).",
        metadata=argument(condition=lambda _, state, only, __: sql.un_member_unless(state, only)),
    )
    un_status: list[UnStatus] | None = strawberry.field(
        default=None, description=UN_STATUS_HELP, metadata=reads(UN_STATUS)
    )
    search: str | None = strawberry.field(
        default=None,
        description="A name or the start of one, in any case and with or without accents: the M49 name, the official name or another name it is known by (`Viet Nam`, `Vietnam`, `Russia`, `South Korea`, `Congo-Kinshasa`, `Turkiye`), or the ISO 3166-1 alpha-3 or alpha-2 code.",
        metadata=argument(
            check=lambda text, path: state_name(search_text(text, path), path),
            condition=lambda _, state, words, __: sql.is_named(state, words),
        ),
    )
    updated_since: datetime | None = updated_since()


def state_name(text: str, path: str) -> str:
    """The words of a searched name as names are compared (db/queries/catalogue.py)."""
    words = sql.name_words(text)
    if not words:
        raise bad_input(path, f"`{path}` must contain a letter (Latin alphabet) or a digit")
    return words


@strawberry.type
class CatalogueQuery:
    node: relay.Node | None = field_with(
        "Fetch any object by its global ID.",
        Lookup("node"),
        id=Annotated[strawberry.ID, strawberry.argument(description="The ID of the object.")],
    )
    nodes: list[relay.Node | None] = field_with(
        "Fetch objects by their global IDs, in order.",
        Lookup("nodes"),
        ids=Annotated[
            list[strawberry.ID], strawberry.argument(description="The IDs of the objects.")
        ],
    )
    iscm: Iscm | None = field_with(
        "One ISCM by slug; null when there is none.",
        Relation(
            arguments={"slug": Argument(condition=lambda _, iscm, slug, __: iscm.c.slug == slug)}
        ),
        slug=str,
    )
    iscms: Connection[Iscm] = page_field(
        f"The ISCM catalogue. {PAGE_HELP}",
        Paginated(None, sql.ISCM_SORTS, "NAME"),
        order_by=IscmOrder,
        filter=IscmFilter,
    )
    member_state: MemberState | None = field_with(
        "One State by ISO 3166-1 alpha-3 code; null when there is none.",
        Relation(
            arguments={
                "iso3": Argument(
                    check=state_code, condition=lambda _, state, iso3, __: state.c.iso3 == iso3
                )
            }
        ),
        iso3=str,
    )
    member_states: Connection[MemberState] = page_field(
        f"The 195 States (UN Member and observer States), by name; territories and other areas with `filter: {{unStatus: ...}}`. {PAGE_HELP}",
        Paginated(None, sql.STATE_SORTS, "NAME"),
        filter=MemberStateFilter,
        order_by=MemberStateOrder,
    )
    gcm_objectives: list[Annotated["GcmObjective", strawberry.lazy("schema.gcm")]] = (
        strawberry.field(
            description="The 23 GCM objectives, in order.",
            metadata=related(order=lambda objective: (objective.c.number,)),
        )
    )
    gcm_objective: Annotated["GcmObjective", strawberry.lazy("schema.gcm")] | None = field_with(
        "One GCM objective by number; a number outside 1-23 is a BAD_USER_INPUT.",
        Relation(
            arguments={
                "number": Argument(
                    check=objective_number,
                    condition=lambda _, objective, number, __: objective.c.number == number,
                )
            }
        ),
        number=Annotated[int, strawberry.argument(description="From 1 to 23.")],
    )
