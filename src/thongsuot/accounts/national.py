"""National-scale users: an officer and a leader in every commune and province."""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from thongsuot.accounts.models import Agency, Level, Membership, Role, User


def add_arguments(parser):
    parser.add_argument("--skip-users", action="store_true", help="Không tạo tài khoản cho từng cơ quan.")


def seed_national(options, out) -> None:
    if options.get("skip_users"):
        return
    password = make_password(None)  # unusable: these accounts exist for volume, not for signing in
    agencies = list(Agency.objects.filter(level__in=[Level.PROVINCE, Level.COMMUNE]).values_list("id", "code"))
    existing = set(User.objects.filter(username__startswith="bench.").values_list("username", flat=True))
    users, roles = [], {}
    for agency_id, code in agencies:
        for suffix, role in (("cv", Role.OFFICER), ("ld", Role.LEADER)):
            username = f"bench.{code.lower()}.{suffix}"
            if username in existing:
                continue
            users.append(User(username=username, password=password, full_name=f"Cán bộ {code} {suffix}"))
            roles[username] = (agency_id, role)
    with transaction.atomic():
        User.objects.bulk_create(users, batch_size=2000)
        ids = dict(User.objects.filter(username__in=roles.keys()).values_list("username", "id"))
        Membership.objects.bulk_create([Membership(user_id=ids[u], agency_id=a, role=r) for u, (a, r) in roles.items()],
                                       batch_size=2000)
    out.write(f"  {len(users)} tài khoản cán bộ giả lập.")
