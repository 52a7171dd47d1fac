"""Writes a synthetic, Spaceship-Titanic-shaped data set into data/ beside this file.

Standard library only and seeded, so every run writes the same files. The target depends on
CryoSleep, spending, cabin deck and side, home planet, age and destination (much as in the real
competition data) plus noise, so a good model reaches roughly 0.8 accuracy.
"""

import csv
import math
import random
from pathlib import Path

SEED = 20240501
N_TRAIN = 8693
N_TEST = 4277
MISSING_RATE = 0.02

HERE = Path(__file__).resolve().parent
OUT = HERE / "data"

FEATURES = [
    "HomePlanet", "CryoSleep", "Cabin", "Destination", "Age", "VIP",
    "RoomService", "FoodCourt", "ShoppingMall", "Spa", "VRDeck", "Name",
]
AMENITIES = ["RoomService", "FoodCourt", "ShoppingMall", "Spa", "VRDeck"]

PLANETS = [("Earth", 0.54), ("Europa", 0.25), ("Mars", 0.21)]
DESTINATIONS = [("TRAPPIST-1e", 0.69), ("55 Cancri e", 0.21), ("PSO J318.5-22", 0.10)]
DECKS_BY_PLANET = {
    "Earth": [("E", 0.12), ("F", 0.42), ("G", 0.46)],
    "Europa": [("A", 0.13), ("B", 0.36), ("C", 0.35), ("D", 0.08), ("E", 0.07), ("T", 0.01)],
    "Mars": [("D", 0.18), ("E", 0.22), ("F", 0.60)],
}
# Mean spend per amenity when a passenger uses it, by home planet.
SPEND_SCALE = {"Earth": 1.0, "Europa": 3.2, "Mars": 1.4}

FIRST_NAMES = [
    "Alraida", "Altark", "Andona", "Apix", "Arkab", "Blanie", "Candra", "Dianya", "Eliana", "Flatic",
    "Gorgia", "Hardy", "Jamie", "Juanna", "Kenan", "Lerome", "Loree", "Marina", "Nelly", "Oriana",
    "Polaf", "Reney", "Sandie", "Solam", "Tinez", "Ulka", "Vanny", "Willy", "Yvette", "Zosmark",
]
LAST_NAMES = [
    "Ofracculy", "Vines", "Susent", "Santantines", "Hinetthews", "Jacostaffey", "Beston", "Flatic",
    "Carsoning", "Peckers", "Barbelly", "Brighttt", "Coopelson", "Domington", "Emenez", "Fowlesterez",
    "Gainney", "Hubbarrison", "Ingramirez", "Joycerton", "Kirkland", "Lopezalez", "Mcgee", "Nunnelly",
    "Oconnon", "Pittler", "Quinn", "Reyersonts", "Stanley", "Tranklin", "Underry", "Valenzuela",
]


def pick(rng, weighted):
    return rng.choices([value for value, _ in weighted], weights=[weight for _, weight in weighted])[0]


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def make_group(rng, group_id, cabin_counters):
    """One travelling group: shared planet, destination, surname and (mostly) cabin."""
    size = pick(rng, [(1, 0.55), (2, 0.19), (3, 0.11), (4, 0.06), (5, 0.04), (6, 0.03), (7, 0.01), (8, 0.01)])
    planet = pick(rng, PLANETS)
    destination = pick(rng, DESTINATIONS)
    surname = rng.choice(LAST_NAMES)
    deck = pick(rng, DECKS_BY_PLANET[planet])
    side = rng.choice("PS")
    cabin_counters[(deck, side)] = cabin_counters.get((deck, side), 0) + rng.randint(0, 2)
    cabin_num = cabin_counters[(deck, side)]
    group_cryo = rng.random() < 0.36

    rows = []
    for member in range(1, size + 1):
        age = max(0.0, min(79.0, round(rng.gauss(29, 14))))
        if rng.random() < 0.08:
            age = float(rng.randint(0, 12))
        cryo = group_cryo if rng.random() < 0.75 else rng.random() < 0.36
        vip = planet != "Earth" and age >= 18 and rng.random() < 0.05
        spend = {}
        for amenity in AMENITIES:
            uses = not cryo and age >= 13 and rng.random() < 0.45
            spend[amenity] = round(rng.expovariate(1.0) * 450 * SPEND_SCALE[planet] * (3 if vip else 1)) if uses else 0
        own_cabin = rng.random() < 0.2
        rows.append({
            "PassengerId": f"{group_id:04d}_{member:02d}",
            "HomePlanet": planet,
            "CryoSleep": cryo,
            "Cabin": f"{deck}/{cabin_num + (rng.randint(1, 3) if own_cabin else 0)}/{side}",
            "Destination": destination if rng.random() < 0.85 else pick(rng, DESTINATIONS),
            "Age": float(age),
            "VIP": vip,
            **{amenity: float(value) for amenity, value in spend.items()},
            "Name": f"{rng.choice(FIRST_NAMES)} {surname}",
            "_deck": deck,
            "_side": side,
        })
    return rows


def transported(rng, row):
    """A noisy logistic rule shaped like the real data's strongest effects."""
    logit = -0.25
    logit += 2.1 if row["CryoSleep"] else 0.0
    logit -= 0.42 * (math.log1p(row["RoomService"]) + math.log1p(row["Spa"]) + math.log1p(row["VRDeck"]))
    logit += 0.22 * (math.log1p(row["FoodCourt"]) + math.log1p(row["ShoppingMall"]))
    logit += {"Earth": -0.35, "Europa": 0.55, "Mars": 0.1}[row["HomePlanet"]]
    logit += {"A": 0.1, "B": 0.9, "C": 0.7, "D": -0.1, "E": -0.4, "F": 0.0, "G": 0.05, "T": -1.0}[row["_deck"]]
    logit += 0.3 if row["_side"] == "S" else -0.3
    logit += 0.8 if row["Age"] < 13 else (-0.2 if 18 <= row["Age"] <= 25 else 0.0)
    logit += {"TRAPPIST-1e": -0.1, "55 Cancri e": 0.35, "PSO J318.5-22": 0.0}[row["Destination"]]
    logit += rng.gauss(0, 1.0)
    return rng.random() < sigmoid(logit)


def format_cell(value):
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        return f"{value:.1f}"
    return value


def with_missing(rng, row):
    return {key: ("" if key in FEATURES and rng.random() < MISSING_RATE else format_cell(value)) for key, value in row.items()}


def main():
    rng = random.Random(SEED)
    passengers = []
    cabin_counters = {}
    group_id = 0
    while len(passengers) < N_TRAIN + N_TEST:
        group_id += 1
        passengers.extend(make_group(rng, group_id, cabin_counters))
    passengers = passengers[: N_TRAIN + N_TEST]
    for row in passengers:
        row["Transported"] = transported(rng, row)

    # Whole groups go to one side, as in the competition; the groups are shuffled first.
    groups = {}
    for row in passengers:
        groups.setdefault(row["PassengerId"][:4], []).append(row)
    order = list(groups)
    rng.shuffle(order)
    train, test = [], []
    for key in order:
        (train if len(train) < N_TRAIN else test).extend(groups[key])
    train.sort(key=lambda row: row["PassengerId"])
    test.sort(key=lambda row: row["PassengerId"])

    OUT.mkdir(exist_ok=True)
    columns = ["PassengerId"] + FEATURES
    write_csv(OUT / "train.csv", columns + ["Transported"], [with_missing(rng, row) for row in train])
    write_csv(OUT / "test.csv", columns, [with_missing(rng, row) for row in test])
    write_csv(
        OUT / "sample_submission.csv",
        ["PassengerId", "Transported"],
        [{"PassengerId": row["PassengerId"], "Transported": "False"} for row in test],
    )
    print(f"wrote {len(train)} training rows and {len(test)} test rows to {OUT}")


def write_csv(path, columns, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
