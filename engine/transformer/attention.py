"""Record the word transformer reading one sentence: the ``attention`` trace.

Every head's attention on the sentence, one head's arithmetic in full (scores,
scaling, causal mask, softmax weights, weighted values), the next-word
probabilities after every word, and held-out measurements: next-word accuracy
where a word depends on an earlier one, and how often each head puts its
largest weight on the deciding word. The head shown (``focus``) is the one that
does so most often on validation sentences, apart from the held-out ones.

    python -m engine record attention
    python -m engine record attention --set "sentence=the keys to the old box are" \\
        --out renders/traces/attention-mine.npz
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import torch

from engine.core import trace
from engine.core.provenance import produced_by
from engine.transformer.corpus import END, Sentence, Tokenizer
from engine.transformer.corpus_rules import Grammar
from engine.transformer.evaluate import evaluate, validation_sentences
from engine.transformer.model import TransformerConfig, one_thread
from engine.transformer.sentence import parse_shown
from engine.transformer.training import corpus_split, trained_model

KIND = "attention"


@dataclass
class AttentionConfig(TransformerConfig):
    # The words to read. "" picks a held-out agreement sentence whose nearest noun
    # has the other number than its subject ("the keys to the old box are ...").
    sentence: str = ""

    def __post_init__(self):
        super().__post_init__()
        if self.sentence.strip():
            parse_shown(self.sentence, "sentence", self.block_size - 1)


def showcase(heldout: list[Sentence]) -> Sentence:
    """The first held-out agreement sentence whose nearest noun has the other number."""
    for s in heldout:
        if s.template == "agreement":
            dep = s.deps[0]
            subject, near = s.words[dep.decider], s.words[dep.position - 1]
            if subject.endswith("s") != near.endswith("s"):
                return s
    return heldout[0]


def record(
    cfg: AttentionConfig, out_path, progress: bool = True, use_cache: bool = True
) -> trace.Trace:
    """Train (or load) the model; record it reading one sentence, with measurements."""
    model, tok, losses, train_seconds = trained_model(cfg, progress, use_cache)
    with one_thread():
        train, heldout = corpus_split(cfg)
        seen = {s.words for s in train + heldout}
        val_sentences = validation_sentences(cfg.n_heldout // 2, cfg.seed, seen)
        val = evaluate(model, tok, val_sentences, cfg.block_size)
        layer, head = (
            int(i)
            for i in np.unravel_index(np.argmax(val.head_share()), val.hits.shape[1:])
        )
        ev = evaluate(model, tok, heldout, cfg.block_size)
        words = (
            tok.split(cfg.sentence) if cfg.sentence.strip() else showcase(heldout).words
        )
        arrays = read_sentence(model, tok, list(words), layer, head)
    any_head = ev.hits.reshape(len(ev.hits), -1).any(1)
    focus_hits = ev.hits[:, layer, head]
    arrays.update(
        vocab=np.array(tok.vocab),
        focus=np.array([layer, head], dtype=np.int32),
        head_decider_share=ev.head_share().astype(np.float32),
        head_previous_share=ev.behaviour["previous word"].astype(np.float32),
        head_self_share=ev.behaviour["itself"].astype(np.float32),
        head_start_share=ev.behaviour["sentence start"].astype(np.float32),
        loss=losses,
    )
    stats = {
        "train_seconds": round(train_seconds, 2),
        "final_loss": round(float(losses[-1]), 4),
        "sentence": " ".join(words),
        "sentence_source": "user" if cfg.sentence.strip() else "held-out corpus",
        "heldout_sentences": len(heldout),
        "heldout_cases": int(len(ev.rule)),
        "heldout_accuracy": round(float(ev.correct.mean()), 4),
        "heldout_accuracy_by_rule": ev.by_rule(ev.correct),
        "focus_layer": layer + 1,  # counted from 1, as on screen
        "focus_head": head + 1,
        "focus_share": round(float(focus_hits.mean()), 4),
        "focus_share_by_rule": ev.by_rule(focus_hits),
        "any_head_share": round(float(any_head.mean()), 4),
        "validation_focus_share": round(float(val.head_share()[layer, head]), 4),
    }
    manifest = trace.build_manifest(KIND, asdict(cfg), produced_by(), stats=stats)
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))


@torch.no_grad()
def read_sentence(model, tok: Tokenizer, words: list[str], layer: int, head: int):
    """The arrays of one forward pass over "." + ``words``."""
    tokens = [END] + words  # every input starts where a sentence may start
    ids = torch.tensor(tok.encode(tokens))  # (T,)
    logits, parts = model(ids[None], keep=True)  # parts: one per layer, batch of one
    p = parts[layer]
    _, deps = Grammar().check(tokens)
    decider = np.full(len(tokens), -1, np.int32)
    for d in deps:
        decider[d.position - 1] = d.decider  # read from the word before it
    arrays = {
        "tokens": ids.numpy().astype(np.int32),
        "attn": torch.stack([q.weights[0] for q in parts]).numpy(),  # (layer,head,T,T)
        "next_probs": logits[0].softmax(-1).numpy(),  # (T, vocab)
        "decider": decider,
        "queries": p.queries[0, head].numpy(),  # (T, head_dim)
        "keys": p.keys[0, head].numpy(),
        "values": p.values[0, head].numpy(),
        "scores": p.scores[0, head].numpy(),  # (T, T)
        "scaled": p.scaled[0, head].numpy(),
        "mask": p.mask.numpy(),
        "weighted": p.out[0, head].numpy(),  # (T, head_dim)
    }
    return {
        k: v.astype(np.float32) if v.dtype.kind == "f" else v for k, v in arrays.items()
    }
