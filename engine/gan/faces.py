"""A real face GAN, trained elsewhere: faces from random numbers, timed here.

The generator is DCGAN's (Radford, Metz & Chintala 2016, Unsupervised
Representation Learning with Deep Convolutional GANs, fig. 1): 100 random
numbers, then five transposed convolutions (4x4 each, batch norm and ReLU
between them, tanh at the end) that grow a 1x1 cell into a 64x64 colour
picture. Its weights are the pinned file of ``engine/gan/face_weights.py``
(trained on DigiFace-1M by the package's author), loaded with
``weights_only=True``, so the file can hold numbers only, never code.

The trace keeps a grid of faces from different random inputs (variety), the
time per face in a batch and alone (median of several runs, after a warm-up),
and a walk through the random inputs from face to face, every frame a real
output of the generator, with how much each frame differs from the last.

    python -m engine record gan_faces
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np
import torch
from torch import nn

from engine.core import trace
from engine.core.config_args import ConfigError
from engine.core.pretrained import PretrainedError
from engine.core.provenance import produced_by
from engine.gan.face_weights import FILENAME, SHA256, SOURCE, face_weights

KIND = "gan_faces"
LATENT = 100  # nz: the generator's random input
WIDTH = 64  # ngf: channels of the last hidden layer (x8, x4, x2, x1 on the way)
SIDE = 64  # the picture is SIDE x SIDE, RGB


class DCGANGenerator(nn.Module):
    """(B, 100, 1, 1) standard-normal numbers -> (B, 3, 64, 64) RGB in (-1, 1).

    The layer names (``main.0`` ... ``main.13``) are those of the PyTorch DCGAN
    tutorial the pinned weights were trained with, so its state dict loads as is.
    """

    def __init__(self, latent: int = LATENT, width: int = WIDTH):
        super().__init__()
        w = width
        layers: list[nn.Module] = []
        sizes = [latent, 8 * w, 4 * w, 2 * w, w]  # 1 -> 4 -> 8 -> 16 -> 32
        for k, (a, b) in enumerate(zip(sizes, sizes[1:], strict=False)):
            stride, pad = (1, 0) if k == 0 else (2, 1)
            layers += [nn.ConvTranspose2d(a, b, 4, stride, pad, bias=False),
                       nn.BatchNorm2d(b), nn.ReLU(True)]  # fmt: skip
        layers += [nn.ConvTranspose2d(w, 3, 4, 2, 1, bias=False), nn.Tanh()]  # -> 64
        self.main = nn.Sequential(*layers)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.main(z)


def load_generator() -> DCGANGenerator:
    """The pretrained generator in eval mode (batch norm's stored averages).

    Raises PretrainedError (one line) if the weights are missing, altered or
    do not fit this architecture.
    """
    path = face_weights()
    try:
        blob = torch.load(path, map_location="cpu", weights_only=True)
        gen = DCGANGenerator()
        gen.load_state_dict(blob["netG_state_dict"])
    except Exception as err:  # a checked file that will not load: say so, once
        first = (str(err).strip().splitlines() or [type(err).__name__])[0]
        raise PretrainedError(
            f"the face weights at {path} do not load ({first})"
        ) from None
    return gen.eval()


def to_rgb8(images: torch.Tensor) -> np.ndarray:
    """(B, 3, H, W) in (-1, 1) -> (B, H, W, 3) uint8 0..255, rounded."""
    a = (images.permute(0, 2, 3, 1).numpy().astype(np.float64) + 1) * 127.5
    return np.clip(np.rint(a), 0, 255).astype(np.uint8)


def slerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """Spherical interpolation between latents a and b (latent,), t in [0, 1].

    Random normal latents lie near a sphere; a straight line between two of
    them dips inside it, where the generator saw few inputs, so walks follow
    the great circle (White 2016, Sampling Generative Networks).
    """
    cos = float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))
    omega = np.arccos(np.clip(cos, -1.0, 1.0))
    if omega < 1e-6:
        return (1 - t) * a + t * b
    return (np.sin((1 - t) * omega) * a + np.sin(t * omega) * b) / np.sin(omega)


def mean_change(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute difference of two RGB8 pictures, as a share of 255."""
    return float(np.abs(a.astype(np.float64) - b.astype(np.float64)).mean() / 255)


@dataclass
class GanFacesConfig:
    seed: int = 0  # the random inputs of the grid and of the walk
    n_faces: int = 24  # faces in the grid, made (and timed) as one batch
    walk_keys: int = 4  # faces the walk passes through (then back to the first)
    walk_steps: int = 24  # generator outputs from one key face to the next
    # The walk's key faces: the walk_keys of this many random draws with the
    # fewest near-black pixels at their borders (this generator often draws a
    # dark band down one side; the scene says the keys were picked)
    key_candidates: int = 32
    repeats: int = 5  # timed runs of the batch and of one face alone; median kept

    def __post_init__(self):
        checks = [
            (1 <= self.n_faces <= 256, "n_faces must be in 1..256"),
            (2 <= self.walk_keys <= 16, "walk_keys must be in 2..16"),
            (2 <= self.walk_steps <= 120, "walk_steps must be in 2..120"),
            (self.walk_keys <= self.key_candidates <= 1024,
             "key_candidates must be in walk_keys..1024"),
            (1 <= self.repeats <= 50, "repeats must be in 1..50"),
        ]
        for ok, problem in checks:
            if not ok:
                raise ConfigError(problem)


def border_dark(faces: np.ndarray, width: int = 6) -> np.ndarray:
    """Share of near-black pixels (every channel under 25 of 255) in the outer
    ``width`` pixels of each RGB8 face (n, h, w, 3): (n,) in 0..1."""
    dark = (faces < 25).all(-1)  # (n, h, w)
    edge = np.ones(dark.shape[1:], bool)
    edge[width:-width, width:-width] = False
    return dark[:, edge].mean(1)


def timed(run, repeats: int) -> list[float]:
    """Seconds of each of ``repeats`` calls of ``run()``, after one warm-up."""
    run()
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        out.append(time.perf_counter() - start)
    return out


def record(
    cfg: GanFacesConfig, out_path, progress: bool = True, use_cache: bool = True
) -> trace.Trace:
    """Draw, time and walk the pretrained generator; write the ``gan_faces`` trace.

    Nothing is trained, so there is nothing to cache (``use_cache`` is unused).
    Raises PretrainedError if the weights are missing or altered.
    """
    gen = load_generator()
    rng = np.random.default_rng(cfg.seed)
    z = rng.standard_normal((cfg.n_faces, LATENT)).astype(np.float32)
    zt = torch.from_numpy(z)[..., None, None]  # (face, 100, 1, 1)

    def draw(latents: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            return gen(latents)  # one pass: (B, 100, 1, 1) -> (B, 3, 64, 64)

    batch_runs = timed(lambda: draw(zt), cfg.repeats)
    alone_runs = timed(lambda: draw(zt[:1]), cfg.repeats)
    faces = to_rgb8(draw(zt))

    drawn = rng.standard_normal((cfg.key_candidates, LATENT)).astype(np.float32)
    dark = border_dark(to_rgb8(draw(torch.from_numpy(drawn)[..., None, None])))
    picked = np.sort(np.argsort(dark, kind="stable")[: cfg.walk_keys])
    keys = drawn[picked]
    ts = np.arange(cfg.walk_keys * cfg.walk_steps) / cfg.walk_steps  # key units
    walk_z = np.stack([
        slerp(keys[int(t) % cfg.walk_keys], keys[(int(t) + 1) % cfg.walk_keys],
              t - int(t))
        for t in ts
    ]).astype(np.float32)  # fmt: skip
    walk = to_rgb8(draw(torch.from_numpy(walk_z)[..., None, None]))
    steps = np.array([mean_change(walk[i], walk[(i + 1) % len(walk)])
                      for i in range(len(walk))], np.float32)  # fmt: skip
    pairs = [mean_change(faces[i], faces[j])
             for i in range(len(faces)) for j in range(i + 1, len(faces))]  # fmt: skip

    ms_batch = [1000 * s / cfg.n_faces for s in batch_runs]
    ms_alone = [1000 * s for s in alone_runs]
    arrays = {
        "latent": z,
        "face": faces,
        "walk_key": keys,
        "walk_t": ts.astype(np.float32),
        "walk_latent": walk_z,
        "walk": walk,
        "walk_change": steps,
        "batch_ms": np.array(ms_batch, np.float32),
        "alone_ms": np.array(ms_alone, np.float32),
    }
    params = sum(p.numel() for p in gen.parameters())
    manifest = trace.build_manifest(
        KIND,
        config=asdict(cfg),
        produced_by=produced_by(),
        extents={"side": SIDE},
        stats={
            "ms_per_face_batch": round(float(np.median(ms_batch)), 4),
            "ms_per_face_alone": round(float(np.median(ms_alone)), 4),
            "batch": cfg.n_faces,
            "torch_threads": torch.get_num_threads(),
            "parameters": int(params),
            "latent_numbers": LATENT,
            "walk_change_median": round(float(np.median(steps)), 4),
            "walk_change_max": round(float(steps.max()), 4),
            "walk_key_candidates": cfg.key_candidates,
            "walk_key_border_dark_max": round(float(dark[picked].max()), 4),
            "walk_key_border_dark_median_all": round(float(np.median(dark)), 4),
            "face_pair_change_median": round(float(np.median(pairs)), 4),
            "weights_file": FILENAME,
            "weights_sha256": SHA256,  # checked by load_generator
            "weights_source": SOURCE,
            "dataset": "DigiFace-1M",
        },
    )
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))
