"""Thông Suốt: the operations platform for Vietnam's two-tier local government."""
