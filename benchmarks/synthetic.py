"""Fictional news articles for benchmarks, as JSONL (deterministic for a given seed).

Events of several kinds happen in invented places; several invented outlets each report an
event, in their own words, with attributed claims ("X said", "according to Y", "officials told
Z"), hedges, and relative and absolute dates. A share of the articles are wire copies: an
outlet re-publishes another article with a new headline and small edits (near-duplicates).

    python benchmarks/synthetic.py --n 1000 --seed 7 --out /tmp/synth-1k.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

OUTLETS = ["The Orsk Gazette", "Drava Daily", "Meridian Wire", "The Harbor Ledger", "Northgate Courier",
           "Lomen Evening Post", "Kestrel Valley Times", "The Marrow Herald", "Velland Observer",
           "Brightwater Chronicle", "The Sablemark Record", "Torr Bay Sentinel"]
WIRES = ["Meridian Wire", "Coastline Press Agency"]
PLACES = ["Orsk", "Marrow", "Lomen", "Harl", "Osk", "Velland", "Torr Bay", "Brightwater", "Kestrel Falls",
          "Sablemark", "Dunmere", "Castor Heights", "Pellan", "Ridgeford", "Arvale", "Quillon", "Stennick",
          "Halvard", "Moorcastle", "Fenwick"]
FIRST = ["Elena", "Tomas", "Ines", "Gideon", "Mira", "Oskar", "Lena", "Pavel", "Rosa", "Anton", "Marta",
         "Jonas", "Vera", "Emil", "Dara", "Felix", "Nadia", "Hugo", "Sanna", "Ivo"]
LAST = ["Vasko", "Brell", "Marl", "Rask", "Telgaard", "Lindqvist", "Doran", "Kessler", "Amari", "Novak",
        "Halden", "Strand", "Okafor", "Petrov", "Maren", "Quist", "Ferrand", "Sollis", "Varga", "Ekholm"]
ORGS = ["Transit Authority", "Port Workers Union", "Electoral Commission", "Water Board", "Fire Service",
        "Health Ministry", "Interior Ministry", "Chamber of Commerce", "Harbour Police", "Energy Regulator"]
KINDS = {
    "bridge": ("closed the {place} Bridge after inspectors found a crack in its main span",
               "{place} Bridge closed after crack found", ["bridge", "span", "engineers", "commuters", "ferries"]),
    "strike": ("began a strike at the {place} container port over pay and night shifts",
               "Dock workers strike at {place} port", ["strike", "port", "dockers", "cargo", "wages"]),
    "fire": ("fought a fire that destroyed a textile factory on the edge of {place}",
             "Fire destroys textile factory in {place}", ["fire", "factory", "firefighters", "smoke", "workers"]),
    "flood": ("evacuated hundreds of homes as the river burst its banks in {place}",
              "Floods force evacuations in {place}", ["flood", "river", "residents", "sandbags", "rain"]),
    "election": ("ordered a recount of the mayoral vote in {place} after ballots went missing",
                 "Recount ordered in {place} mayoral vote", ["ballots", "recount", "vote", "candidates", "count"]),
    "outbreak": ("reported a cluster of food poisoning cases linked to a market in {place}",
                 "Food poisoning cases traced to {place} market", ["cases", "market", "patients", "hospital", "samples"]),
    "shipment": ("seized a shipment of drone parts at a warehouse near {place}",
                 "Drone parts seized near {place}", ["shipment", "drones", "warehouse", "customs", "parts"]),
}
CUES = ["said", "told reporters", "said in a statement", "told the {outlet}", "confirmed", "claimed", "warned"]
HEDGES = ["may have", "is believed to have", "could have", "appears to have", "probably"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def make_event(rng: random.Random, i: int, start: date) -> dict:
    kind = rng.choice(sorted(KINDS))
    place = rng.choice(PLACES)
    return {
        "i": i, "kind": kind, "place": place, "org": f"{place} {rng.choice(ORGS)}",
        "official": person(rng), "witness": person(rng), "expert": person(rng),
        "number": rng.randint(3, 900), "day": start + timedelta(days=rng.randint(0, 360)),
    }


def write_article(rng: random.Random, ev: dict, outlet: str, lag: int) -> dict:
    action, headline, words = KINDS[ev["kind"]]
    pub = ev["day"] + timedelta(days=lag)
    wd = WEEKDAYS[ev["day"].weekday()]
    place, org = ev["place"], ev["org"]
    cue = lambda: rng.choice(CUES).format(outlet=outlet)  # noqa: E731
    w = lambda: rng.choice(words)  # noqa: E731
    paras = [
        f"{org} {action.format(place=place)} on {wd}, officials said, in the latest blow to the region.",
        f'"We are doing everything we can, and we will publish what we find," {ev["official"]}, a spokesperson '
        f"for the {org}, {cue()}. {ev['official']} said {ev['number']} people had been affected so far.",
        f"According to {ev['witness']}, who lives nearby, the {w()} {rng.choice(HEDGES)} started well before "
        f"the authorities arrived. \"Nobody told us anything until the next morning,\" {ev['witness']} said.",
        f"{ev['expert']}, an analyst at the University of {rng.choice(PLACES)}, said the {w()} "
        f"{rng.choice(HEDGES)} been made worse by years of neglect. Officials told the {outlet} that an inquiry "
        f"would report by {(ev['day'] + timedelta(days=rng.randint(20, 90))).strftime('%B %d, %Y')}.",
        f"The {w()} and the {w()} were the main concerns of residents on {wd} evening, and the {org} said on "
        f"{WEEKDAYS[pub.weekday()]} that more {w()} would be sent to {place} within days.",
        f"In {ev['day'].year - rng.randint(2, 15)}, a similar {w()} in {rng.choice(PLACES)} took months to "
        f"resolve, {rng.choice([ev['expert'], ev['official']])} recalled.",
    ]
    extra = [
        f"Local councillor {person(rng)} {cue()} that the {w()} had been raised at a council meeting "
        f"last month, but no action was taken.",
        f"Opposition lawmakers called for an independent review, saying the {org} had ignored earlier warnings "
        f"about the {w()} and the {w()}.",
        f"The {org} did not respond to a request for comment on Thursday about the {w()}.",
        f"Residents said about {rng.randint(2, 40) * 10} people had gathered outside the {org} offices "
        f"on {rng.choice(WEEKDAYS)}, demanding answers about the {w()}.",
    ]
    rng.shuffle(extra)
    paras += extra[: rng.randint(1, len(extra))]
    body = paras[:1] + rng.sample(paras[1:], len(paras) - 1)
    title = headline.format(place=place) + rng.choice(["", ", officials say", " as inquiry begins", ""])
    return {"title": title, "outlet": outlet, "published": pub.isoformat(),
            "url": f"https://{outlet.lower().replace(' ', '')}.example/{ev['kind']}/{ev['i']}/{lag}",
            "text": "\n\n".join(body)}


def wire_copy(rng: random.Random, art: dict, outlet: str) -> dict:
    paras = art["text"].split("\n\n")
    if len(paras) > 3 and rng.random() < 0.5:
        paras = paras[:-1]  # trimmed for length
    paras[0] = paras[0].replace("officials said", "officials said on the record")
    title = rng.choice(["", "UPDATE: "]) + art["title"] + rng.choice([" - report", " (wire)", ""])
    return {**art, "title": title, "outlet": outlet, "url": art["url"].replace(".example/", f".example/{outlet[:3]}/"),
            "text": "\n\n".join(paras)}


def generate(n: int, seed: int = 7, copy_share: float = 0.15) -> list[dict]:
    rng = random.Random(seed)
    n_events = max(1, n // 6)
    events = [make_event(rng, i, date(2026, 1, 1)) for i in range(n_events)]
    out: list[dict] = []
    while len(out) < n:
        if out and rng.random() < copy_share:
            src = rng.choice(out[-50:])
            out.append(wire_copy(rng, src, rng.choice(OUTLETS)))
        else:
            ev = rng.choice(events)
            out.append(write_article(rng, ev, rng.choice(OUTLETS + WIRES), rng.randint(0, 3)))
    for i, a in enumerate(out):  # distinct articles even when templates collide
        a["url"] = f"{a['url']}/{i}"
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, help="JSONL file (default: stdout)")
    args = ap.parse_args(argv)
    lines = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in generate(args.n, args.seed))
    if args.out:
        args.out.write_text(lines, encoding="utf-8")
    else:
        sys.stdout.write(lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
