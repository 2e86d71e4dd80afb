from django.urls import path

from thongsuot.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.sign_in, name="login"),
    path("dang-xuat/", views.sign_out, name="logout"),
    path("xac-thuc-hai-buoc/", views.otp_verify, name="otp_verify"),
    path("xac-thuc-hai-buoc/thiet-lap/", views.otp_setup, name="otp_setup"),
    path("tai-khoan/", views.my_account, name="me"),
    path("thanh-vien/", views.members, name="members"),
    path("thanh-vien/them/", views.member_add, name="member_add"),
    path("thanh-vien/<int:pk>/", views.member_edit, name="member_edit"),
]
