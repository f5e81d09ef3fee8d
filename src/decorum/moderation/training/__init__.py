"""``decorum train``: build the classifier artefacts reproducibly from the shared datasets.

Usage: ``decorum train [--check] [--out DIR] [--exclude-articles d3,d4,d6]``

* Reads ``<repo>/../shared/datasets`` (or ``$DECORUM_DATASETS``) and our own seed examples
  in ``data/seeds``; every source is capped and sampled with a fixed seed, in file order.
  ``*_dev_informed.tsv`` seeds were written after studying mistakes on policy-dev: they are
  kept out of the held-out folds and only join the shipped model.
* Features are the multilingual sentence embedding plus hashed n-grams (the same code the
  detector runs, ``detectors.classifier``); one L2-regularised logistic regression per rule.
* Held-out evaluation is leave-articles-out on policy-dev: two folds ({d1,d2,d5} and
  {d3,d4,d6}), each trained without its articles and scored on them. Thresholds are chosen on
  those held-out scores, the figures are written to the manifest, and the shipped model is
  then trained on everything (unless ``--exclude-articles`` keeps some out for an engine-level
  held-out run).
* ``--check`` retrains into a temporary directory and compares with the committed artefacts
  (data, seeds and hyperparameters identical; weights, thresholds and metrics within the
  small drift another CPU's floating point gives); exit 1 otherwise.

``decorum train --extra labels.jsonl [--out DIR] [--sources a,b]`` adds the publisher's own
labels (``decorum export-labels``) and writes a new model directory ``site-YYYYMMDD-HHMM``
under ``DIR`` (default ``<site data dir>/models``), never over the shipped artefacts; see
:mod:`.site`. The engine loads such a directory with ``Engine(classifier_model=path)``
(checked by ``load_model_dir``).

Determinism: fixed seeds, sorted inputs, one BLAS thread for the embedder and the solver.
"""

from __future__ import annotations

from decorum.moderation.detectors.classifier import load_model_dir
from decorum.moderation.training.build import train
from decorum.moderation.training.calibrate import (
    NEVER_REJECTS,
    Calibration,
    choose_reject_threshold,
    choose_threshold,
    fit_slope,
)
from decorum.moderation.training.check import (
    PROBE_SCORE_TOLERANCE,
    compare,
    compare_probes,
    probe_scores,
    probe_texts,
)
from decorum.moderation.training.cli import main
from decorum.moderation.training.examples import Example, fold_of
from decorum.moderation.training.featurise import featurise
from decorum.moderation.training.fit import fit_all, fit_rule, out_of_fold_logits, raw_logits
from decorum.moderation.training.hyper import HYPER, MODEL_VERSION, SEED
from decorum.moderation.training.metrics import operating_points, three_way_report
from decorum.moderation.training.site import SiteModel, default_models_root, train_with_extra
from decorum.moderation.training.sources import (
    REPO_ROOT,
    SOURCE_TABLE,
    SOURCES,
    datasets_dir,
    load_external,
)
from decorum.moderation.training.sources.extra import load_extra
from decorum.moderation.training.sources.ours import load_contrast, load_seeds
from decorum.moderation.training.sources.policy_dev import load_policy_dev

__all__ = [
    "HYPER",
    "MODEL_VERSION",
    "NEVER_REJECTS",
    "PROBE_SCORE_TOLERANCE",
    "REPO_ROOT",
    "SEED",
    "SOURCES",
    "SOURCE_TABLE",
    "Calibration",
    "Example",
    "SiteModel",
    "choose_reject_threshold",
    "choose_threshold",
    "compare",
    "compare_probes",
    "datasets_dir",
    "default_models_root",
    "featurise",
    "fit_all",
    "fit_rule",
    "fit_slope",
    "fold_of",
    "load_contrast",
    "load_external",
    "load_extra",
    "load_model_dir",
    "load_policy_dev",
    "load_seeds",
    "main",
    "operating_points",
    "out_of_fold_logits",
    "probe_scores",
    "probe_texts",
    "raw_logits",
    "three_way_report",
    "train",
    "train_with_extra",
]
