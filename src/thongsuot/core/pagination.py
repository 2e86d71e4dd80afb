from django.core.paginator import Paginator

PER_PAGE = 50


def paginate(request, queryset, per_page: int = PER_PAGE):
    """Return the requested page; a malformed or out-of-range ?page= gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
