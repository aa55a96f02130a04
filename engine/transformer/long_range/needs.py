"""What FarBack reads from its ``long_range`` trace beyond what the kind
requires (see ``engine/core/needs.py``). Plain data, no torch."""

from __future__ import annotations

from engine.core.needs import SceneNeeds

SCENE_NEEDS: dict[str, SceneNeeds] = {
    "FarBack": SceneNeeds(
        "long_range",
        config={
            "min_distance": "the shortest training distance",
            "max_distance": "the longest training distance",
        },
        stats={
            "example_distance": "the example's distance from the last pair to the "
            "question",
            "example_answer": "the example's answer: the asked name's colour",
            "n_pairs": "how many name=colour pairs each example gives",
            "n_colours": "how many colours the pairs draw from",
            "asked_distance": "the example's distance from the asked pair to the "
            "question",
            "focus_weight_on_other_pairs": "the focus head's weight on the pairs "
            "not asked",
            "name_position": "the asked pair's position in the example",
            "question_position": "the question's position in the example",
            "chance_accuracy": "share right by a blind guess among the colours",
            "transformer_params": "the transformer's parameter count",
            "gru_params": "the GRU's parameter count",
            "transformer_prob_of_name": "the transformer's probability of the "
            "right colour on the example",
        },
        # the example row shows at least a pair, 'who' and the asked name
        sizes={"position": (4, None, "'remember', a pair, 'who' and the name")},
    ),
}
