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
            "example_distance": "the example's distance from name to question",
            "example_name": "the example's name",
            "name_position": "the name's position in the example",
            "question_position": "the question's position in the example",
            "chance_accuracy": "share right by a blind guess among the names",
            "n_names": "how many names the task draws from",
            "transformer_params": "the transformer's parameter count",
            "gru_params": "the GRU's parameter count",
            "transformer_prob_of_name": "the transformer's probability of the name "
            "on the example",
        },
        # the example row shows at least the name, a word and the question
        sizes={"position": (3, None, "the name, a filler word and the question")},
    ),
}
