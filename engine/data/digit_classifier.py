"""An independent judge of generated digits: a classifier trained on real digits only.

It never sees the diffusion model or its samples while training, so its reading
of a sample ("this looks like a 3") is a fair measure of whether the model drew
the digit it was asked for. Uses scikit-learn's RBF support vector machine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class DigitJudge:
    model: object
    held_out_accuracy: float  # on real digits it did not train on

    def read(self, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(digit read, its probability) for images (..., 8, 8) in [-1, 1]."""
        flat = images.reshape(-1, images.shape[-2] * images.shape[-1])
        proba = self.model.predict_proba(np.clip(flat, -1, 1))
        digits = self.model.classes_[proba.argmax(1)]
        shape = images.shape[:-2]
        return digits.reshape(shape), proba.max(1).reshape(shape)


def train_judge(images: np.ndarray, labels: np.ndarray, seed: int) -> DigitJudge:
    """Fit on 80% of the real digits; report accuracy on the other 20%."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.model_selection import train_test_split
    from sklearn.svm import SVC

    flat = images.reshape(len(images), -1)
    x_tr, x_te, y_tr, y_te = train_test_split(
        flat, labels, test_size=0.2, random_state=seed, stratify=labels
    )
    # Calibrated so the reported probability of a reading means something.
    model = CalibratedClassifierCV(SVC(gamma="scale", C=10.0), ensemble=False)
    model.fit(x_tr, y_tr)
    return DigitJudge(model, float((model.predict(x_te) == y_te).mean()))
