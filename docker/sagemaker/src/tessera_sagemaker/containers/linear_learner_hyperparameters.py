"""The built-in linear learner's hyperparameters, as SageMaker documents them. All are checked;
what the scikit-learn fit uses is listed in containers/linear_learner.py."""
from ..failure import ClientError
from ..hyperparameters import Choice, Float, Int, OrAuto, validate

LOSSES = {
    "regressor": ["auto", "squared_loss", "absolute_loss", "eps_insensitive_squared_loss",
                  "eps_insensitive_absolute_loss", "quantile_loss", "huber_loss"],
    "binary_classifier": ["auto", "logistic", "hinge_loss"],
    "multiclass_classifier": ["auto", "softmax_loss"],
}
AUTO_BOOL = ["auto", "true", "false"]
BOOL = ["true", "false"]

PARAMS = [
    Choice("predictor_type", list(LOSSES), required=True),
    OrAuto(Int("feature_dim", lo=1), default="auto"),
    Int("num_classes", lo=3),
    Int("accuracy_top_k", lo=1, default=3),
    Choice("balance_multiclass_weights", BOOL, default="false"),
    OrAuto(Float("beta_1", lo=0, hi=1, hi_open=True)),
    OrAuto(Float("beta_2", lo=0, hi=1, hi_open=True)),
    OrAuto(Float("bias_lr_mult", lo=0, lo_open=True)),
    OrAuto(Float("bias_wd_mult", lo=0)),
    Choice("binary_classifier_model_selection_criteria",
           ["accuracy", "f_beta", "precision_at_target_recall", "recall_at_target_precision", "loss_function"], default="accuracy"),
    Int("early_stopping_patience", lo=1, default=3),
    Float("early_stopping_tolerance", lo=0, lo_open=True, default=0.001),
    Int("epochs", lo=1, default=15),
    Float("f_beta", lo=0, lo_open=True, default=1.0),
    Float("huber_delta", lo=0, lo_open=True, default=1.0),
    Float("init_bias"),
    Choice("init_method", ["uniform", "normal"]),
    Float("init_scale", lo=0, lo_open=True),
    Float("init_sigma", lo=0, lo_open=True),
    OrAuto(Float("l1", lo=0), default="auto"),
    OrAuto(Float("learning_rate", lo=0, lo_open=True)),
    Choice("loss", sorted({loss for losses in LOSSES.values() for loss in losses}), default="auto"),
    Float("loss_insensitivity", lo=0, lo_open=True, default=0.01),
    OrAuto(Float("lr_scheduler_factor", lo=0, hi=1, lo_open=True)),
    OrAuto(Float("lr_scheduler_minimum_lr", lo=0, lo_open=True)),
    OrAuto(Int("lr_scheduler_step", lo=1)),
    Float("margin", lo=0, lo_open=True, default=1.0),
    Int("mini_batch_size", lo=1, default=1000),
    OrAuto(Float("momentum", lo=0, hi=1, hi_open=True)),
    Choice("normalize_data", AUTO_BOOL, default="true"),
    Choice("normalize_label", AUTO_BOOL, default="auto"),
    Int("num_calibration_samples", lo=1),
    OrAuto(Int("num_models", lo=1)),
    Int("num_point_for_scaler", lo=1),
    Choice("optimizer", ["auto", "sgd", "adam", "rmsprop"]),
    OrAuto(Float("positive_example_weight_mult", lo=0, lo_open=True), default=1.0),
    Float("quantile", lo=0, hi=1, lo_open=True, hi_open=True, default=0.5),
    Float("target_precision", lo=0, hi=1, lo_open=True, hi_open=True, default=0.8),
    Float("target_recall", lo=0, hi=1, lo_open=True, hi_open=True, default=0.8),
    Choice("unbias_data", AUTO_BOOL),
    Choice("unbias_label", AUTO_BOOL),
    Choice("use_bias", BOOL, default="true"),
    Choice("use_lr_scheduler", BOOL),
    OrAuto(Float("wd", lo=0), default="auto"),
]


def parse(raw_hps):
    raw = dict(raw_hps)
    # SageMaker spells it "balanced" too; OrAuto knows only "auto".
    balanced = raw.get("positive_example_weight_mult", "").strip('"') == "balanced"
    if balanced:
        del raw["positive_example_weight_mult"]
    hps = validate(raw, PARAMS)
    hps["positive_example_weight_mult"] = "balanced" if balanced else hps["positive_example_weight_mult"]
    kind = hps["predictor_type"]
    if hps["loss"] not in LOSSES[kind]:
        raise ClientError(f"Hyperparameter loss: value {hps['loss']!r} is not valid for predictor_type {kind}; allowed: one of {', '.join(LOSSES[kind])}")
    if kind == "multiclass_classifier" and "num_classes" not in hps:
        raise ClientError("Hyperparameter num_classes: required when predictor_type is multiclass_classifier")
    return hps
