"""Your own transformer's attention, recorded into a trace our attention scenes draw.

A minimal nanoGPT-style model (token and position embeddings, pre-norm blocks,
a fused query-key-value projection ``c_attn`` and PyTorch's fused attention
kernel, exactly as nanoGPT computes it), trained on sentences such as

    . alice met bob at noon and alice thanked bob .

where the name after "and" repeats the first name and the last name repeats
the second: each is decided by an earlier word. The model never forms its
attention weights (the fused kernel keeps them inside), so forward hooks on
``c_attn`` capture the queries and keys and the weights are recomputed from
them; the held-out measurements count how often each head looks at the
deciding word.

    .venv/bin/python examples/own_attention.py --out renders/traces/own_attention.npz
    make scene S=AttentionReads TRACE=renders/traces/own_attention.npz
    make example E=own_attention     # both in one command (also the other two)
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from dataclasses import asdict, dataclass

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from engine.core.needs import report
from engine.core.recorder import RecordError, record_trace
from engine.core.trace import TraceError
from engine.transformer.attention_trace import HeldOut, attention_arrays
from engine.transformer.capture import QKVCapture

NAMES = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]
MET = ["met", "saw", "called"]
TIMES = ["noon", "dawn", "dusk", "night"]
THANKED = ["thanked", "helped", "paid"]
VOCAB = [".", *NAMES, *MET, "at", *TIMES, "and", *THANKED]
# Position of the word that decides the word after each position (-1: none):
# after "and" (6) comes the first name (1); after the second verb (8), the second (3).
DECIDER = np.array([-1, -1, -1, -1, -1, -1, 1, -1, 3, -1, -1])


@dataclass
class Config:
    seed: int = 0  # every random draw below comes from it
    n_layer: int = 2
    n_head: int = 2
    n_embd: int = 32
    block_size: int = 16
    train_iters: int = 600
    batch_size: int = 64
    lr: float = 3e-3


def sentences() -> list[list[str]]:
    """Every sentence of the pattern: two different names, a verb, a time, a verb."""
    return [
        [".", a, m, b, "at", t, "and", a, th, b, "."]
        for a, b, m, t, th in itertools.product(NAMES, NAMES, MET, TIMES, THANKED)
        if a != b
    ]


# The model, as nanoGPT writes it (Karpathy, model.py), only smaller.
class CausalSelfAttention(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.n_head = cfg.n_head
        self.c_attn = nn.Linear(cfg.n_embd, 3 * cfg.n_embd)  # q, k, v side by side
        self.c_proj = nn.Linear(cfg.n_embd, cfg.n_embd)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)  # each (B, T, C)
        q, k, v = (t.view(B, T, self.n_head, -1).transpose(1, 2) for t in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)  # (B, h, T, d)
        return self.c_proj(y.transpose(1, 2).reshape(B, T, C))


class Block(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.n_embd)
        self.attn = CausalSelfAttention(cfg)
        self.ln_2 = nn.LayerNorm(cfg.n_embd)
        self.mlp = nn.Sequential(
            nn.Linear(cfg.n_embd, 4 * cfg.n_embd),
            nn.GELU(),
            nn.Linear(4 * cfg.n_embd, cfg.n_embd),
        )

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    def __init__(self, cfg: Config, vocab_size: int):
        super().__init__()
        self.wte = nn.Embedding(vocab_size, cfg.n_embd)
        self.wpe = nn.Embedding(cfg.block_size, cfg.n_embd)
        self.h = nn.ModuleList(Block(cfg) for _ in range(cfg.n_layer))
        self.ln_f = nn.LayerNorm(cfg.n_embd)
        self.lm_head = nn.Linear(cfg.n_embd, vocab_size, bias=False)

    def forward(self, idx):
        # idx: (B, T) token ids -> logits (B, T, vocab)
        pos = torch.arange(idx.shape[1])
        x = self.wte(idx) + self.wpe(pos)  # (B, T, C)
        for block in self.h:
            x = block(x)
        return self.lm_head(self.ln_f(x))


class Args(argparse.ArgumentParser):
    def error(self, message):  # one line, not a usage dump
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = Args(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="renders/traces/own_attention.npz")
    parser.add_argument("--train-iters", type=int, default=Config.train_iters)
    parser.add_argument("--seed", type=int, default=Config.seed)
    args = parser.parse_args(argv)
    if not 1 <= args.train_iters <= 100_000:
        parser.error("--train-iters must be between 1 and 100000")
    cfg = Config(seed=args.seed, train_iters=args.train_iters)

    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    ids = {w: i for i, w in enumerate(VOCAB)}
    data = torch.tensor([[ids[w] for w in s] for s in sentences()])  # (S, 11)
    data = data[torch.from_numpy(rng.permutation(len(data)))]
    # Sentences held out of training: some choose the head shown, the rest measure.
    n_val = n_test = len(data) // 10
    val, test = data[:n_val], data[n_val : n_val + n_test]
    train = data[n_val + n_test :]

    model = GPT(cfg, len(VOCAB))
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr)
    gen = torch.Generator().manual_seed(cfg.seed)
    losses, running = [], []
    start = time.perf_counter()
    for i in range(cfg.train_iters):
        batch = train[torch.randint(0, len(train), (cfg.batch_size,), generator=gen)]
        logits = model(batch[:, :-1])  # (B, T, vocab): the next word at each place
        loss = F.cross_entropy(logits.flatten(0, 1), batch[:, 1:].flatten())
        opt.zero_grad()
        loss.backward()
        opt.step()
        running.append(loss.item())
        if (i + 1) % max(1, cfg.train_iters // 100) == 0:
            losses.append(sum(running) / len(running))
            running.clear()
    train_seconds = time.perf_counter() - start
    model.eval()

    # Capture: hooks on every layer's c_attn; the weights are recomputed from q, k.
    capture = QKVCapture([b.attn.c_attn for b in model.h], n_head=cfg.n_head)

    def read(batch):
        with torch.no_grad(), capture:
            probs = model(batch).softmax(-1)  # (B, T, vocab)
        return capture.weights(), probs  # weights: (layer, B, head, T, T)

    held = {}
    for name, batch in (("validation", val), ("held out", test)):
        held[name] = HeldOut(start_token=ids["."])
        weights, probs = read(batch)
        for b in range(len(batch)):
            held[name].add(batch[b], weights[:, b], probs[b], DECIDER)
    focus = held["validation"].best_head()  # chosen apart from the measured set

    sentence = test[:1]  # one held-out sentence, read in full
    weights, probs = read(sentence)
    arrays = attention_arrays(
        vocab=VOCAB,
        tokens=sentence[0],
        attn=weights[:, 0],  # (layer, head, T, T)
        next_probs=probs[0],
        decider=DECIDER,
        focus=focus,
        **capture.parts(*focus),  # queries, keys, values of the focus head
        held_out=held["held out"],
        loss=losses,
    )
    stats = held["held out"].stats(focus)
    words = " ".join(VOCAB[int(t)] for t in sentence[0])
    trace = record_trace(
        "attention",
        arrays,
        config=asdict(cfg),
        path=args.out,
        stats={**stats, "train_seconds": round(train_seconds, 2), "sentence": words},
    )
    print(
        f"wrote {args.out}: an {trace.kind} trace, {train_seconds:.1f} s of training; "
        f"held out: next word right {stats['heldout_accuracy']:.0%} where it "
        f"depends on an earlier word; layer {focus[0] + 1} head {focus[1] + 1} looks "
        f"at that word {stats['focus_share']:.0%} of the time"
    )
    print("\n".join(report(trace)))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RecordError, TraceError, OSError) as err:  # one line, no traceback
        sys.exit(f"{sys.argv[0]}: {err}")
