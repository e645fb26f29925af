#!/usr/bin/env python3
"""Times GET /v1/residents pages on a registration service holding many residents.

Fills the register through the service's own CSV import (so it works on any version of the
service), then asks for pages across the list, with and without flags, and prints the median
time per page. Used for the paging figures in issue 25 (before and after paging in SQL):

    scripts/time-resident-pages.py --url http://127.0.0.1:8081 --token demo-caseworker --residents 100000
"""
import argparse
import statistics
import time
import urllib.request

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
AREAS = ["330106001001", "330106001002", "330106002001", "330106101201"]


def identity_number(index):
    """A valid GB 11643 number, unique per index: a birth day from 1940 on and a sequence."""
    day, sequence = divmod(index, 900)
    year, rest = 1940 + day // 336, day % 336
    body = f"330106{year:04d}{rest // 28 + 1:02d}{rest % 28 + 1:02d}{sequence + 100:03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]
    return body + check


def request(url, token, method="GET", body=None, content_type=None):
    headers = {"Authorization": f"Bearer {token}"}
    if content_type:
        headers["Content-Type"] = content_type
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, data=body, method=method, headers=headers), timeout=600) as answer:
        answer.read()
        return answer.status, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--chunk", type=int, default=5_000)
    parser.add_argument("--skip-fill", action="store_true")
    arguments = parser.parse_args()

    if not arguments.skip_fill:
        started = time.perf_counter()
        for first in range(0, arguments.residents, arguments.chunk):
            lines = ["household_ref,area_code,identity_number,name,relationship"]
            for index in range(first, min(first + arguments.chunk, arguments.residents)):
                lines.append(f"t{index // 2},{AREAS[(index // 2) % len(AREAS)]},{identity_number(index)},居民{index},"
                             + ("head" if index % 2 == 0 else "spouse"))
            status, _ = request(f"{arguments.url}/v1/imports?mode=per-row", arguments.token, "POST",
                                "\n".join(lines).encode(), "text/csv")
            assert status == 200, status
        print(f"filled {arguments.residents} residents in {time.perf_counter() - started:.0f} s")

    page_size = 50
    last = max(1, arguments.residents // page_size)
    for label, query in [("all", ""), ("aged-60-plus", "&flags=aged-60-plus"), ("one community", "&areaCode=330106001001")]:
        for page in (1, last // 2, last):
            timings = [request(f"{arguments.url}/v1/residents?page={page}&pageSize={page_size}{query}", arguments.token)[1]
                       for _ in range(5)]
            print(f"{label:14} page {page:5}: median {statistics.median(timings) * 1000:8.1f} ms of 5")


if __name__ == "__main__":
    main()
