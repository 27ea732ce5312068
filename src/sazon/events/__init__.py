"""Event planner: allergen-safe, personalised menus for exclusive dinners and tastings.

The one import other packages use. A plan carries its wine flight (``sazon.pairing``, from
the venue's own list, with a non-alcoholic pairing for guests who don't drink) and its concept
(``sazon.generate``, grounded in the table dishes and the guest mix as counts).
"""

from typing import TYPE_CHECKING

from sazon.access.holdings import register_holder
from sazon.events.personal import PLANNING
from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.events.adjust import lock_and_replan, unlock_and_replan
    from sazon.events.bus_events import EVENTS_TOPIC, GuestNeedsChanged, RsvpChanged
    from sazon.events.cancel import cancel_event, change_event, is_past
    from sazon.events.concept import (
        concept_facts,
        default_generator,
        event_format,
        restriction_counts,
        seed_for,
        write_concept,
    )
    from sazon.events.drink_rules import non_drinkers, pours_per_bottle, wine_mode_for
    from sazon.events.enrich import enrich_plan, enrich_request_plan, event_wines
    from sazon.events.events import (
        create_event,
        delete_event,
        event_dict,
        get_event,
        list_events,
        update_event,
    )
    from sazon.events.files import read_guests, read_menu
    from sazon.events.flight import build_flight
    from sazon.events.from_files import plan_from_files
    from sazon.events.guest_changes import GuestChange, remove_guest, replace_guest
    from sazon.events.guest_file import (
        EventGuestFile,
        event_guest_file,
        event_guest_rows,
        in_words,
    )
    from sazon.events.guest_list import invitations, invite_guests
    from sazon.events.inputs import (
        EVENT_STATUSES,
        MAX_BUDGET,
        EventCreate,
        EventUpdate,
        PlanOptions,
        in_cents,
    )
    from sazon.events.links import GuestLink, current_links, send_all_links
    from sazon.events.locks import course_names, locks_of, remove_lock, set_lock
    from sazon.events.matrix import allergen_matrix
    from sazon.events.naming import (
        mentioned_ids,
        name_guests,
        names_for,
        plan_guest_names,
        why_words,
    )
    from sazon.events.needs import needs_history, restrictions_in_words, update_needs
    from sazon.events.personal import audit_plan_read, forget_guest
    from sazon.events.plan_checks import plan_staleness, refresh_check
    from sazon.events.plan_pipeline import plan_menu
    from sazon.events.plan_versions import (
        LatestPlan,
        diff_plans,
        get_plan_row,
        latest_plan,
        latest_plan_row,
        plan_rows,
    )
    from sazon.events.plan_words import diff_in, plan_in
    from sazon.events.plans import PlanResult, plan_event
    from sazon.events.preferences import (
        EmbeddingMatcher,
        NoteMatcher,
        TokenOverlapMatcher,
        default_matcher,
    )
    from sazon.events.processors import replan_processor
    from sazon.events.queries import invitation_of, send_rsvp_link
    from sazon.events.reminders import PendingGuest, pending_answers, record_reminders
    from sazon.events.rsvp import (
        LinkClosed,
        RsvpView,
        answer,
        check_csrf,
        csrf_for,
        make_link,
        view,
    )
    from sazon.events.schemas import (
        AllergenMatrix,
        Assignment,
        CourseAllergens,
        CourseDrinks,
        DrinkSwap,
        EventConcept,
        GuestNeeds,
        Lang,
        Lock,
        MatrixGuest,
        MenuDish,
        NonDrinker,
        Plan,
        PlanCause,
        PlanChange,
        PlanDiff,
        PlanRequest,
        PlateDrinks,
        PouredDrink,
        StageOutcome,
        Unserved,
        WayOut,
        WayOutDish,
        WineFlight,
        WineMode,
    )
    from sazon.events.staleness import Staleness, check_plan
    from sazon.events.upcoming import UpcomingEvent, upcoming_events
    from sazon.events.wayout import add_way_outs

__getattr__, __dir__ = lazy_exports(__name__, __file__)

# Every export lists the planner's copies of a guest's data, and every erasure removes them.
register_holder(PLANNING)

__all__ = [
    "EVENTS_TOPIC",
    "EVENT_STATUSES",
    "MAX_BUDGET",
    "AllergenMatrix",
    "Assignment",
    "CourseAllergens",
    "CourseDrinks",
    "DrinkSwap",
    "EmbeddingMatcher",
    "EventConcept",
    "EventCreate",
    "EventGuestFile",
    "EventUpdate",
    "GuestChange",
    "GuestLink",
    "GuestNeeds",
    "GuestNeedsChanged",
    "Lang",
    "LatestPlan",
    "LinkClosed",
    "Lock",
    "MatrixGuest",
    "MenuDish",
    "NonDrinker",
    "NoteMatcher",
    "PendingGuest",
    "Plan",
    "PlanCause",
    "PlanChange",
    "PlanDiff",
    "PlanOptions",
    "PlanRequest",
    "PlanResult",
    "PlateDrinks",
    "PouredDrink",
    "RsvpChanged",
    "RsvpView",
    "StageOutcome",
    "Staleness",
    "TokenOverlapMatcher",
    "Unserved",
    "UpcomingEvent",
    "WayOut",
    "WayOutDish",
    "WineFlight",
    "WineMode",
    "add_way_outs",
    "allergen_matrix",
    "answer",
    "audit_plan_read",
    "build_flight",
    "cancel_event",
    "change_event",
    "check_csrf",
    "check_plan",
    "concept_facts",
    "course_names",
    "create_event",
    "csrf_for",
    "current_links",
    "default_generator",
    "default_matcher",
    "delete_event",
    "diff_in",
    "diff_plans",
    "enrich_plan",
    "enrich_request_plan",
    "event_dict",
    "event_format",
    "event_guest_file",
    "event_guest_rows",
    "event_wines",
    "forget_guest",
    "get_event",
    "get_plan_row",
    "in_cents",
    "in_words",
    "invitation_of",
    "invitations",
    "invite_guests",
    "is_past",
    "latest_plan",
    "latest_plan_row",
    "list_events",
    "lock_and_replan",
    "locks_of",
    "make_link",
    "mentioned_ids",
    "name_guests",
    "names_for",
    "needs_history",
    "non_drinkers",
    "pending_answers",
    "plan_event",
    "plan_from_files",
    "plan_guest_names",
    "plan_in",
    "plan_menu",
    "plan_rows",
    "plan_staleness",
    "pours_per_bottle",
    "read_guests",
    "read_menu",
    "record_reminders",
    "refresh_check",
    "remove_guest",
    "remove_lock",
    "replace_guest",
    "replan_processor",
    "restriction_counts",
    "restrictions_in_words",
    "seed_for",
    "send_all_links",
    "send_rsvp_link",
    "set_lock",
    "unlock_and_replan",
    "upcoming_events",
    "update_event",
    "update_needs",
    "view",
    "why_words",
    "wine_mode_for",
    "write_concept",
]
