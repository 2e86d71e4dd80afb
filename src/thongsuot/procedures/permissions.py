"""Who may do what with procedures and dossiers, built on the platform's permission module.

The catalogue is national: the central level keeps it, any officer may propose to simplify it.
A dossier belongs to the commune desk that received it: only its staff act on it and read the
applicant's personal data; stops and apology letters need a leader's signature.
"""

from __future__ import annotations

from thongsuot.accounts.permissions import Action, scope_of
from thongsuot.procedures.models import DossierEvent

#: steps that need a leader's signature; the others are the desk officer's.
LEADER_STEPS = frozenset({DossierEvent.Kind.STOP, DossierEvent.Kind.EXTEND})


def may_edit_catalogue(user, procedure=None) -> bool:
    """Add or change catalogue entries: the central level, with a role that may edit."""
    scope = scope_of(user)
    return bool(scope and scope.is_central and scope.allows(Action.EDIT))


def may_propose_simplification(user, procedure=None) -> bool:
    """File a proposal to cut, simplify or merge a procedure: any officer whose role may create."""
    scope = scope_of(user)
    return bool(scope and scope.allows(Action.CREATE))


def may_decide_proposal(user, proposal=None) -> bool:
    """Accept, reject or mark implemented a proposal: national leaders."""
    scope = scope_of(user)
    return bool(scope and scope.is_central and scope.allows(Action.RESOLVE))


def may_receive_dossier(user, dossier=None) -> bool:
    """Receive (or register) a dossier: the staff of a commune desk."""
    scope = scope_of(user)
    return bool(scope and scope.is_commune and scope.allows(Action.CREATE))


def may_take_step(user, dossier, kind: str) -> bool:
    """Take `kind` on `dossier`: only the receiving commune's staff; stops and apology letters need a leader."""
    scope = scope_of(user)
    if scope is None or not scope.is_commune or scope.commune_id != dossier.commune_id:
        return False
    return scope.allows(Action.APPROVE if kind in LEADER_STEPS else Action.EDIT)


def may_see_applicant(user, dossier) -> bool:
    """Applicants' personal data is for the receiving commune's staff only."""
    scope = scope_of(user)
    return bool(scope and scope.is_commune and scope.commune_id == dossier.commune_id)
