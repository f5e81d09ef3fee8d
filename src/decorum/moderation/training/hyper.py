"""Seeds and hyper-parameters of training, in one place: a change to them is one diff here."""

from __future__ import annotations

from typing import Any

SEED = 20260301
MODEL_VERSION = "1"
# Out-of-fold precision a rule's classifier must show above its reject threshold.
REJECT_PRECISION = 0.99
# A comment that breaks another rule, flagged for this one, is a smaller error than an
# acceptable comment flagged: it would have been removed anyway, under another rule's name.
OTHER_RULE_FP_WEIGHT = 0.5
# Insults and trolling overlap by definition (mocking a participant is often both): a trolling
# comment rejected as an insult, or the reverse, is removed rightly and cites the neighbouring
# rule, a smaller error still. Measured out of fold on 3207 comments: with 0.5 the insults
# classifier never reached the reject precision (its top scores held three trolling-only
# comments among 40 insults); with 0.1 it rejects 8 % of insults, no acceptable comment among
# them.
SIBLING_RULES = {"insults_threats": "trolling", "trolling": "insults_threats"}
SIBLING_FP_WEIGHT = 0.1

HYPER: dict[str, Any] = {
    "C": 0.5,
    "ngram_scale": 1.0,
    "max_iter": 400,
    "tol": 1e-4,
    # Every public dataset's weight (and the capitals copies made from them) is multiplied by
    # this: tweets and forum posts teach the form of abuse, the comment-like sets (policy-dev,
    # contrast, seeds) what this policy calls abuse. Measured out of fold on 7592 comments,
    # classifier alone, queue thresholds chosen as shipped: 1.0 -> mean average precision over
    # the 12 rules 0.704, 65.3 % of violations caught at 4.3 % of acceptable ones flagged;
    # 0.3 -> 0.716, 67.6 % at 4.5 %; 0.1 -> 0.721, 67.0 % at 4.3 %.
    "external_weight": 0.3,
    "pos_weight_ratio": 0.6,  # positives' total weight as a share of negatives' (per rule)
    "twin_weight": 1.0,  # a violation's acceptable twin in its contrast family, per violation
    # An acceptable comment queued counts as this many errors against a violation missed
    # (rejection is set separately, where precision reaches REJECT_PRECISION). Above 1 because
    # the comments the thresholds are chosen on are 45 % violations, far more than a comment
    # section sees, so every acceptable one stands for many. Measured out of fold on 2454
    # comments: 1.0 -> 12.2 % of acceptable comments queued, 87.4 % of violations caught;
    # 1.5 -> 9.1 %, 83.9 %; 2.0 -> 6.0 %, 77.4 %; 2.5 -> 4.3 %, 73.0 % (none rejected).
    "fp_cost": 2.0,
    # A violating comment queued under the wrong rule's name, as a share of an error (measured
    # out of fold: 1.0 -> 0.25 catches 0.735 -> 0.835 of violations for 4.0% -> 6.1% of
    # acceptable comments queued, none rejected).
    "queue_other_rule_weight": 0.25,
    "min_threshold_prob": 0.2,
    # Three folds, not two: each fold model then trains on two thirds of the comment-like data
    # (policy-dev, contrast sets), so the out-of-fold scores that set the thresholds come from
    # models closer to the shipped one (measured: violating caught 0.70 -> 0.74 at the same
    # share of acceptable comments queued).
    "folds": [["d1", "d4"], ["d2", "d5"], ["d3", "d6"]],
}
