"""The ``transformer_scaling`` trace kind and its recorder. Plain data, no torch."""

from __future__ import annotations

from engine.core.kinds import ArraySpec, KindSpec
from engine.core.recorders import RecorderEntry


def _size(meaning: str, units: str, dtype: str = "f") -> ArraySpec:
    return ArraySpec(meaning, ("size",), units, dtype)


TRANSFORMER_SCALING = KindSpec(
    description=(
        "The chapter's word transformer trained at several sizes with the same "
        "data, steps, batch and seed on a made-up language: held-out loss per "
        "size, parameters and training compute, and the power law fitted to them "
        "(Kaplan et al. 2020), with one held-out word the biggest gets right and "
        "the smallest does not."
    ),
    arrays={
        "d_model": _size("width of the residual stream", "units", "iu"),
        "layers": _size("transformer blocks", "blocks", "iu"),
        "heads": _size("attention heads per layer", "heads", "iu"),
        "params_total": _size("every trained number in the model", "parameters",
                              "iu"),
        "params_nonembed": _size("parameters outside the input embedding and the "
                                 "output layer (Kaplan's N)", "parameters", "iu"),
        "tokens": _size("training tokens seen (steps x batch x context)", "tokens",
                        "iu"),
        "compute": _size("training compute C = 6 N tokens", "FLOPs"),
        "heldout_loss": _size("cross-entropy of the next word on held-out "
                              "sentences never trained on", "nats per word"),
        "train_seconds": _size("wall-clock training time, one CPU thread",
                               "seconds"),
        "loss": ArraySpec("training loss per logging interval", ("size", "log"),
                          "nats"),
        "fit_params": ArraySpec("least squares on log-log of L = a N^-alpha: a, "
                                "alpha, R^2", ("3",), "a: nats; alpha, R^2: 1"),
        "fit_compute": ArraySpec("least squares on log-log of L = b C^-beta: b, "
                                 "beta, R^2", ("3",), "b: nats; beta, R^2: 1"),
        "example_prompt": ArraySpec('held-out words before the example word ("." '
                                    "first)", ("prompt_word",), "word", "U",
                                    optional=True),
        "example_word": ArraySpec("the right next word there", ("1",), "word", "U",
                                  optional=True),
        "example_probs": ArraySpec("probability of the right word: smallest model, "
                                   "biggest model", ("2",), "probability",
                                   optional=True),
        "example_small_guess": ArraySpec("the smallest model's top choice instead",
                                         ("1",), "word", "U", optional=True),
        "example_small_guess_prob": ArraySpec("its probability", ("1",),
                                              "probability", optional=True),
    },
)

KINDS: dict[str, KindSpec] = {"transformer_scaling": TRANSFORMER_SCALING}

RECORDERS: dict[str, RecorderEntry] = {
    "transformer_scaling": RecorderEntry(
        "engine.transformer.scaling.record",
        "ScalingConfig",
        "word transformer at several sizes: held-out loss against parameters and "
        "compute, power-law fit",
    ),
}
