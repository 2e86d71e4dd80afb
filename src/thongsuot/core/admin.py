from django.contrib import admin

from thongsuot.core import calendar
from thongsuot.core.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "reason"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        calendar.clear_cache()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        calendar.clear_cache()
