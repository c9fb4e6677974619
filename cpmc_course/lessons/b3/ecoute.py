"""Social listening: theme and sentiment of customer posts, learnt from a hand-annotated sample.

A scikit-learn pipeline (TF-IDF on words and word pairs, accents removed, then a
logistic regression) is trained on the posts the team annotated (``annote ==
"oui"``) and labels the others. Everything is deterministic (lbfgs solver, no random state),
nothing is downloaded: the model is fitted on the case's own corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

THEMES = ("Livraison", "Produit", "Service client", "Prix", "Fidélité")
SENTIMENTS = ("positif", "neutre", "négatif")
MANUAL, MODEL = "annotation manuelle", "classifieur"


def modele():
    """A fresh, unfitted text classifier (the pipeline ``annoter`` and ``validation_croisee`` fit)."""
    return _pipeline()


def _pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(strip_accents="unicode", lowercase=True, ngram_range=(1, 2), sublinear_tf=True),
        LogisticRegression(C=10.0, max_iter=2000),
    )


def _annotated(avis: pd.DataFrame) -> pd.Series:
    if not {"texte", "annote", "theme", "sentiment"} <= set(avis.columns):
        raise ValueError("Le corpus doit avoir les colonnes texte, annote, theme et sentiment.")
    mask = avis["annote"].eq("oui")
    if mask.sum() == 0:
        raise ValueError("Aucun avis annoté : le classifieur n'a rien pour apprendre.")
    return mask


def train(texts: pd.Series, labels: pd.Series):
    """A fitted text classifier for one kind of label (theme or sentiment)."""
    model = _pipeline()
    model.fit(list(texts), list(labels))
    return model


def annoter(avis: pd.DataFrame) -> pd.DataFrame:
    """The corpus with ``theme`` and ``sentiment`` on every post and their ``origine``.

    Annotated posts keep their hand labels; the others get the classifier's,
    learnt on the annotated ones.
    """
    mask = _annotated(avis)
    result = avis.copy()
    result["origine"] = MANUAL
    todo = ~mask
    if todo.any():
        for column in ("theme", "sentiment"):
            model = train(avis.loc[mask, "texte"], avis.loc[mask, column])
            result[column] = result[column].astype(object)
            result.loc[todo, column] = model.predict(list(avis.loc[todo, "texte"]))
        result.loc[todo, "origine"] = MODEL
    return result


def validation_croisee(avis: pd.DataFrame, k: int = 5, etiquette: str = "theme") -> pd.Series:
    """Exactitude of the classifier by ``k``-fold cross-validation on the annotated posts, one value per fold.

    The annotated posts (``annote == "oui"``), in the order of the table, are cut into
    ``k`` consecutive blocks of (nearly) equal size; each block is labelled by a model
    learnt on the other blocks, and its exactitude is the share of its posts whose
    ``etiquette`` (``theme`` or ``sentiment``) the model got right. The mean of the
    returned Series (indexed ``bloc 1`` … ``bloc k``, proportions) is the exactitude
    measured by cross-validation.
    """
    from sklearn.model_selection import KFold

    annotated = avis[_annotated(avis)]
    if etiquette not in ("theme", "sentiment"):
        raise ValueError(f"etiquette vaut « theme » ou « sentiment », pas « {etiquette} ».")
    if not 2 <= k <= len(annotated):
        raise ValueError(f"k doit être compris entre 2 et le nombre d'avis annotés ({len(annotated)}), pas {k}.")
    texts, labels = list(annotated["texte"]), list(annotated[etiquette])
    scores = {}
    for number, (learn, check) in enumerate(KFold(n_splits=k).split(texts), start=1):
        model = train(pd.Series([texts[i] for i in learn]), pd.Series([labels[i] for i in learn]))
        guessed = model.predict([texts[i] for i in check])
        scores[f"bloc {number}"] = float(sum(g == labels[i] for g, i in zip(guessed, check)) / len(check))
    return pd.Series(scores, name=f"exactitude_{etiquette}")


@dataclass(frozen=True)
class Accuracy:
    """Share of the held-out posts whose label the classifier got right."""

    theme: float
    sentiment: float
    evaluated: int
    """Number of posts the accuracy is measured on (not used for training)."""


def accuracy(avis: pd.DataFrame, truth: pd.DataFrame) -> Accuracy:
    """Accuracy on the posts that were not annotated, against the instructor's labels.

    ``truth`` has ``avis_id``, ``theme`` and ``sentiment`` for every post
    (the labels file kept in the case folder, never given to candidates).
    """
    labelled = annoter(avis)
    held_out = labelled[labelled["origine"] == MODEL].merge(truth, on="avis_id", suffixes=("", "_vrai"))
    n = len(held_out)
    if n == 0:
        raise ValueError("Aucun avis non annoté : rien pour mesurer l'exactitude.")
    return Accuracy(
        theme=float((held_out["theme"] == held_out["theme_vrai"]).mean()),
        sentiment=float((held_out["sentiment"] == held_out["sentiment_vrai"]).mean()),
        evaluated=n,
    )
