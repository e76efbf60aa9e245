"""What SQLCipher encryption costs the case list: the same data, plain and encrypted.

    python -m bench.encryption [--children 200000] [--dir bench/.data] [--rebuild] [--runs 7]

Builds a plain demo database once, and an encrypted copy of it (`sqlcipher_export`, as
`caseworker db encrypt` does), kept in --dir for later runs. The copy is opened two ways:
with a raw key (the keyring's case) and with a passphrase. Measures on each, median
of --runs (warm: the engine's connection and page cache reused, as in the running app;
cold: a new engine, so the first connection and every page read are paid again):
- opening: a new engine's first connection (a passphrase costs one PBKDF2 run, ~0.1 s);
- the id query behind the case list (all ids, newest first) and one 100-row page by ids;
- a name-prefix search, and COUNT(*) GROUP BY district over every case.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

PASSPHRASE = "bench passphrase, not a secret"


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def build(plain: Path, encrypted: Path, children: int) -> None:
    from caseworker.demo.build import build_demo
    from caseworker.storage import migrate as schema
    from caseworker.storage.database import make_engine
    from caseworker.storage.encryption import encrypt_plain
    from caseworker.storage.keys import DatabaseKey

    if not plain.exists():
        engine = make_engine(f"sqlite:///{plain}", plain=True)
        schema.upgrade(engine)
        t0 = time.perf_counter()
        build_demo(
            engine,
            children=children,
            seed=1,
            today=date(2026, 11, 22),
            progress=lambda _w, d, t: print(f"\r  building {d:,}/{t:,}", end="", file=sys.stderr),
        )
        print(f"\ndemo build: {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
        engine.dispose()
    if not encrypted.exists():
        shutil.copy(plain, encrypted)
        t0 = time.perf_counter()
        encrypt_plain(encrypted, DatabaseKey.passphrase(PASSPHRASE)).unlink()
        print(f"db encrypt: {time.perf_counter() - t0:.1f} s")


def measure(path: Path, key: Any, runs: int) -> dict[str, float]:
    from sqlalchemy import text

    from caseworker.services.accounts.signin import DEMO_PASSWORD, authenticate
    from caseworker.services.cases.listing import CaseQuery, case_ids, case_rows
    from caseworker.storage.database import make_engine, make_sessionmaker

    url = f"sqlite:///{path}"
    plain = key is None

    def engine() -> Any:
        return make_engine(url, key, plain=plain)

    def open_once() -> None:
        e = engine()
        e.connect().close()
        e.dispose()

    out = {"open (first connection)": median_ms(open_once, runs)}
    eng = engine()
    sessions = make_sessionmaker(eng)
    with sessions() as s:
        actor = authenticate(s, "city", DEMO_PASSWORD)
        ids = list(case_ids(s, actor, CaseQuery()))
    pages = [ids[i : i + 100] for i in (0, len(ids) // 2, len(ids) - 100)]

    def ids_query() -> None:
        with sessions() as s:
            case_ids(s, actor, CaseQuery())

    def page() -> None:
        with sessions() as s:
            for p in pages:
                case_rows(s, actor, p)

    def search() -> None:
        with sessions() as s:
            case_ids(s, actor, CaseQuery(text="王子"))

    def group() -> None:
        with eng.connect() as c:
            c.execute(text("SELECT district_code, count(*) FROM cases GROUP BY 1")).all()

    def cold_ids() -> None:
        e = engine()
        with make_sessionmaker(e)() as s:
            case_ids(s, actor, CaseQuery())
        e.dispose()

    out[f"all case ids ({len(ids):,}), warm"] = median_ms(ids_query, runs)
    out["one 100-row page, warm"] = median_ms(page, runs) / len(pages)
    out["name prefix search '王子'"] = median_ms(search, runs)
    out["COUNT(*) GROUP BY district"] = median_ms(group, runs)
    out["all case ids, cold (new engine)"] = median_ms(cold_ids, runs)
    eng.dispose()
    return out


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--children", type=int, default=200_000)
    p.add_argument("--dir", default=str(Path(__file__).resolve().parent / ".data"))
    p.add_argument("--rebuild", action="store_true")
    p.add_argument("--runs", type=int, default=7)
    args = p.parse_args()

    from caseworker.storage.database import derived_key
    from caseworker.storage.keys import DatabaseKey

    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    plain = folder / f"encryption-plain-{args.children}.db"
    encrypted = folder / f"encryption-sqlcipher-{args.children}.db"
    if args.rebuild:
        for f in folder.glob("encryption-*"):
            f.unlink()
    build(plain, encrypted, args.children)
    print(
        f"files: plain {plain.stat().st_size / 2**20:,.0f} MiB, "
        f"encrypted {encrypted.stat().st_size / 2**20:,.0f} MiB"
    )
    passphrase = DatabaseKey.passphrase(PASSPHRASE)
    # The keyring's case: a raw 32-byte key, no KDF (here the passphrase's derived key).
    raw = derived_key(passphrase, encrypted)
    assert raw is not None
    a = measure(plain, None, args.runs)
    b = measure(encrypted, raw, args.runs)
    c = measure(encrypted, passphrase, args.runs)
    print(
        f"{'median, ms':<34}{'plain':>8}{'raw key':>10}{'ratio':>7}{'passphrase':>12}{'ratio':>7}"
    )
    for name in a:
        print(
            f"{name:<34}{a[name]:>8.1f}{b[name]:>10.1f}{b[name] / a[name]:>6.2f}×"
            f"{c[name]:>12.1f}{c[name] / a[name]:>6.2f}×"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
