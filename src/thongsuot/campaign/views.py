"""The campaign pages: the scorecard, the charts and the map, for the nation, a province or a commune."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from thongsuot.campaign import charts, selectors
from thongsuot.campaign.measures import BY_KEY, MEASURES, STATUS_BADGES, STATUS_LABELS, rules
from thongsuot.campaign.permissions import may_see_campaign
from thongsuot.core.pagination import paginate
from thongsuot.core.params import query_int

#: What the map can colour the communes by: the measures read from per-commune summary rows.
MAP_MEASURES = ("open_cases", "poorly_connected", "overdue_cases", "shortage", "surplus", "equipment_gap",
                "no_vehicle", "task_troubles")


def campaign_page(page: str):
    """Signed in with an agency; the place in the URL within the user's territory (else 404). The
    national address takes a province or commune user to their own place (the menu links there)."""
    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request, province: str = "", commune: str = ""):
            return _open(request, view, page, province, commune)
        return wrapped
    return decorate


def _open(request, view, page, province, commune):
    if not may_see_campaign(request.user):
        raise Http404
    own = selectors.home_place(request.user)
    if not province and own.province is not None:
        target = own if page != "map" else selectors.Place(province=own.province)
        if page == "map" and own.commune is not None:
            raise Http404
        query = request.GET.urlencode()
        return redirect(selectors.place_url(page, target) + (f"?{query}" if query else ""))
    place = selectors.access_place(request.user, province, commune)
    campaign = selectors.campaign_for(request.user, query_int(request.GET, "vb", minimum=1, maximum=2**31 - 1))
    return view(request, place, campaign)


def _context(request, place, campaign, page: str) -> dict:
    vb = request.GET.get("vb", "")
    trail = [(_("Toàn quốc"), selectors.place_url(page, selectors.Place(), vb=vb))]
    scope_place = selectors.home_place(request.user)
    if place.province is not None:
        trail.append((place.province.name, selectors.place_url(page, selectors.Place(province=place.province), vb=vb)))
    if place.commune is not None:
        trail.append((place.commune.name, selectors.place_url(page, place, vb=vb)))
    # A province or commune user does not see the levels above its own.
    if scope_place is not None and scope_place.province is not None:
        trail = trail[1:] if scope_place.commune is None else trail[2:]
    tabs = [(_("Bảng theo dõi"), selectors.place_url("scorecard", place, vb=vb), page == "scorecard"),
            (_("Biểu đồ"), selectors.place_url("dashboard", place, vb=vb), page == "dashboard"),
            (_("Bản đồ"), selectors.place_url("map", place if place.commune is None else
                                                 selectors.Place(province=place.province), vb=vb), page == "map")]
    if scope_place is not None and scope_place.commune is not None:
        tabs = tabs[:2]  # a commune has no map of its own
    return {"place": place, "campaign": campaign, "trail": trail, "tabs": tabs, "vb": vb,
            "status_labels": STATUS_LABELS, "status_badges": STATUS_BADGES}


#: Rows of a scorecard's table per page: the 34 provinces on one, a province's communes (up to 160 or
#: so) on a few — each row is 8 figures with their links, and a page of them stays light on a phone.
SCORECARD_ROWS_PER_PAGE = 40


@campaign_page("scorecard")
def scorecard(request, place, campaign):
    context = _context(request, place, campaign, "scorecard")
    if campaign is not None:
        rows_page = paginate(request, selectors.row_units(place), per_page=SCORECARD_ROWS_PER_PAGE)
        context["card"] = selectors.scorecard(user=request.user, campaign=campaign, place=place,
                                              units=list(rows_page.object_list))
        context["rows_page"] = rows_page
        context["choices"] = campaign.choices
    context["rules"] = rules()
    return render(request, "campaign/scorecard.html", context)


def _week_label(week) -> str:
    return f"{week['end']:%d/%m}"


@campaign_page("dashboard")
def dashboard(request, place, campaign):
    context = _context(request, place, campaign, "dashboard")
    trend = selectors.trends(place)
    weeks = trend["weeks"]
    labels = [_week_label(w) for w in weeks]
    context["trend"] = trend
    context["charts"] = [
        {"id": "cases", "title": _("Khó khăn mở mới và giải quyết xong mỗi tuần"),
         "svg": charts.line_chart(_("Khó khăn mở mới và giải quyết xong mỗi tuần"), labels,
                                  [(_("mở mới"), [w["opened"] for w in weeks]),
                                   (_("giải quyết xong"), [w["closed"] for w in weeks])]),
         "columns": [_("mở mới"), _("giải quyết xong")],
         "rows": [(_week_label(w), [w["opened"], w["closed"]]) for w in weeks]},
        {"id": "overdue", "title": _("Khó khăn quá hạn xử lý (cuối tuần)"),
         "svg": charts.line_chart(_("Khó khăn quá hạn xử lý (cuối tuần)"), labels,
                                  [(_("khó khăn quá hạn"), [w["overdue"] for w in weeks])]),
         "columns": [_("khó khăn quá hạn")], "rows": [(_week_label(w), [w["overdue"]]) for w in weeks]},
        {"id": "shortage", "title": _("Biên chế còn thiếu (cuối tuần)"),
         "svg": charts.line_chart(_("Biên chế còn thiếu (cuối tuần)"), labels,
                                  [(_("biên chế còn thiếu"), [w["shortage"] for w in weeks])]),
         "columns": [_("biên chế còn thiếu")], "rows": [(_week_label(w), [w["shortage"]]) for w in weeks]},
        {"id": "dossiers", "title": _("Hồ sơ giải quyết xong và đúng hạn mỗi tuần"),
         "svg": charts.line_chart(_("Hồ sơ giải quyết xong và đúng hạn mỗi tuần"), labels,
                                  [(_("giải quyết xong"), [w["dossiers_done"] for w in weeks]),
                                   (_("đúng hạn"), [w["dossiers_on_time"] for w in weeks])]),
         "columns": [_("giải quyết xong"), _("đúng hạn")],
         "rows": [(_week_label(w), [w["dossiers_done"], w["dossiers_on_time"]]) for w in weeks]},
    ]
    if campaign is not None and place.commune is None:
        open_rows = [(unit.name, value or 0) for unit, value in selectors.measure_rows(
            user=request.user, campaign=campaign, place=place, measure=BY_KEY["open_cases"])]
        title = _("Khó khăn đang mở theo tỉnh, thành phố") if place.province is None \
            else _("Khó khăn đang mở theo xã, phường (20 đơn vị nhiều nhất)")
        shown = sorted(open_rows, key=lambda r: -r[1])[:20] if place.province is not None else open_rows
        context["charts"].append({"id": "by-place", "title": title, "svg": charts.bar_chart(title, shown),
                                  "columns": [_("đang mở")], "rows": [(n, [v]) for n, v in shown]})
    domains = selectors.by_domain(user=request.user, place=place)
    title = _("Khó khăn đang mở theo lĩnh vực")
    context["charts"].append({"id": "by-domain", "title": title,
                              "svg": charts.bar_chart(title, [(str(label), n) for label, n in domains],
                                                      colour=charts.SERIES_COLOURS[1]),
                              "columns": [_("đang mở")], "rows": [(label, [n]) for label, n in domains]})
    return render(request, "campaign/dashboard.html", context)


@campaign_page("map")
def map_page(request, place, campaign):
    if place.commune is not None:
        raise Http404
    chosen = request.GET.get("tinh", "")
    if place.province is None and chosen:
        code = selectors.access_place(request.user, chosen[:2]).province.code
        params = {k: v for k, v in request.GET.items() if k != "tinh" and v}
        return redirect(selectors.place_url("map", selectors.Place(province=selectors.province_of(code)), **params))
    context = _context(request, place, campaign, "map")
    vb = context["vb"]
    key = request.GET.get("chi-so", "")
    measure = BY_KEY.get(key) if key in MAP_MEASURES else BY_KEY[MAP_MEASURES[0]]
    context["measure"] = measure
    context["map_measures"] = [m for m in MEASURES if m.key in MAP_MEASURES]
    if campaign is not None:
        points = selectors.map_points(user=request.user, place=place, measure=measure, campaign=campaign)
        title = _("%(measure)s — mỗi chấm một xã, phường, đặc khu") % {"measure": measure.label}
        svg, legend = charts.dot_map(title, points)
        context.update(svg=svg, legend=legend)
        if place.province is not None:
            context.update(points=points, point_rows=[(code, name, value) for code, name, _la, _lo, value in points],
                           scorecard_base=reverse("campaign:scorecard_province", args=[place.province.code]))
        else:
            rows = selectors.measure_rows(user=request.user, campaign=campaign, place=place, measure=measure)
            context.update(province_rows=[(unit.code, unit.name, value) for unit, value in rows],
                           map_base=reverse("campaign:map"), percent=measure.rule == "rate",
                           row_query="&".join(p for p in (f"chi-so={measure.key}", f"vb={vb}" if vb else "") if p))
    context["provinces"] = selectors.province_choices() \
        if place.province is None and selectors.home_place(request.user).province is None else None
    return render(request, "campaign/map.html", context)
