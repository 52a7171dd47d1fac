import json
import time

import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_score

start = time.time()
train = pd.read_csv("staged_data/train.csv")
test = pd.read_csv("staged_data/test.csv")
holdout = pd.read_csv("staged_data/holdout_X.csv")
print(f"train {train.shape}, test {test.shape}", flush=True)

features = ["HomePlanet", "CryoSleep", "Cabin", "Destination", "Age", "VIP",
            "RoomService", "FoodCourt", "ShoppingMall", "Spa", "VRDeck"]


def prepare(frame):
    X = frame[features].copy()
    for column in ["CryoSleep", "VIP"]:
        X[column] = X[column].map({True: 1, False: 0, "True": 1, "False": 0})
    for column in ["HomePlanet", "Destination"]:
        X[column] = X[column].astype("category").cat.codes
    return X


X, y = prepare(train), train["Transported"].astype(int)
model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.1, random_state=0)
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
scores = cross_val_score(model, X, y, cv=cv, scoring="accuracy")
for fold, score in enumerate(scores, 1):
    print(f"fold {fold}: accuracy {score:.4f}", flush=True)

model.fit(X, y)
pd.DataFrame({"PassengerId": test["PassengerId"],
              "Transported": model.predict(prepare(test)).astype(bool)}).to_csv("submission.csv", index=False)
pd.DataFrame({"PassengerId": holdout["PassengerId"],
              "Transported": model.predict(prepare(holdout)).astype(bool)}).to_csv("holdout_predictions.csv", index=False)
with open("progress_report.json", "w") as f:
    json.dump({"metric": "accuracy", "cv_scores": [float(s) for s in scores], "cv_mean": float(scores.mean()),
               "higher_is_better": True, "model": "HistGradientBoosting on raw columns",
               "notes": "baseline"}, f, indent=2)
print(f"CV accuracy {scores.mean():.4f} in {time.time() - start:.1f} s", flush=True)
