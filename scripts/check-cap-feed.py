#!/usr/bin/env python3
"""Checks the alerts service's public CAP feed as a CAP hub reads it: issues an Actual, Public
alert, reads /cap/feed.atom without a token with feedparser (it must parse as Atom 1.0 with no
error), follows each entry's application/cap+xml link without a token, and sends each document
back to the service, whose own CAP 1.2 validator must accept it as the same alert.

    check-cap-feed.py http://127.0.0.1:8084 <duty officer token>
"""
import datetime
import sys
import urllib.request

import feedparser

base, token = sys.argv[1], sys.argv[2]
now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).replace(microsecond=0)
identifier = "feed-check-" + now.strftime("%Y%m%d%H%M%S")
cap = f"""<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{identifier}</identifier><sender>duty@mca.xihu.gov.cn</sender>
  <sent>{now.isoformat()}</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info><category>Met</category><event>暴雨</event><urgency>Expected</urgency><severity>Moderate</severity>
    <certainty>Likely</certainty><headline>暴雨蓝色预警</headline>
    <area><areaDesc>北山街道</areaDesc><geocode><valueName>CN-AREA</valueName><value>330106001</value></geocode></area></info>
</alert>"""


def request(path, data=None, headers=None):
    req = urllib.request.Request(base + path, data=data, headers=headers or {}, method="POST" if data else "GET")
    with urllib.request.urlopen(req, timeout=30) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


def post_cap(document):
    return request("/v1/alerts", document.encode(), {"Authorization": "Bearer " + token, "Content-Type": "application/cap+xml"})


status, _, _ = post_cap(cap)
assert status == 201, f"issuing the alert: {status}"

status, content_type, body = request("/cap/feed.atom")
assert status == 200 and content_type.startswith("application/atom+xml"), (status, content_type)
feed = feedparser.parse(body)
assert not feed.bozo, f"not well-formed Atom: {feed.get('bozo_exception')}"
assert feed.version == "atom10", feed.version
links = [link.href for entry in feed.entries for link in entry.links if link.get("type") == "application/cap+xml"]
assert any(identifier in link for link in links), f"{identifier} is not in the feed"
assert len(links) == len(feed.entries), "every entry links to its CAP document"

for link in links:
    path = link[link.index("/cap/alerts/"):]
    status, content_type, document = request(path)
    assert status == 200 and content_type.startswith("application/cap+xml"), (link, status, content_type)
    status, _, _ = post_cap(document.decode())
    assert status == 201, f"{link}: the service's CAP validator refused its own document ({status})"

print(f"CAP feed: Atom 1.0 with {len(feed.entries)} entries; each linked CAP document valid and the same alert")
