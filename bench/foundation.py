"""Foundation figures: commune search (API) and a province home page, served by gunicorn -w 2."""

import urllib.request

from common import gunicorn, measure, prepare, session_opener, token

prepare()
with gunicorn() as base:
    key = token(base, "demo.quocgia")

    def search():
        req = urllib.request.Request(f"{base}/api/communes/?search=hoan%20kiem",
                                     headers={"Authorization": f"Token {key}"})
        urllib.request.urlopen(req).read()

    measure("GET /api/communes/?search=hoan kiem (national)", search)
    opener = session_opener(base, "demo.tinh")
    measure("GET / (province home, Hà Nội)", lambda: opener.open(f"{base}/").read())
    measure("GET /dia-ban/tinh/01/?q=phuong (126 communes, paged)",
            lambda: opener.open(f"{base}/dia-ban/tinh/01/?q=phuong").read())
