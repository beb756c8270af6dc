"""Judging whether a change is about AI: the learned model that ships with the package, and the hard
negatives it must not flag (renamed products, rules about AI-generated content, reflowed text,
unrelated edits beside unchanged AI sentences)."""

import importlib.util
import json
from pathlib import Path

import pytest

from optout.watch import relevance
from optout.watch.classify import FEATURES, classify, features
from optout.watch.relevance import MODEL_FILE, Model, ModelError, load

ROOT = Path(__file__).resolve().parents[3]
FILLER = [f"Section {n}. We keep the records of account {n} for {n % 12 + 1} months to answer support request {n}."
          for n in range(40)]


def _training_script():
    spec = importlib.util.spec_from_file_location("train", ROOT / "benchmarks/corpus/ai_relevance/train.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _judge(old: list[str], new: list[str]):
    return classify("\n\n".join(FILLER + old), "\n\n".join(FILLER + new))


def test_the_shipped_model_is_the_one_the_training_script_declares():
    train = _training_script()
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert data["format"] == relevance.FORMAT
    assert data["version"] == train.MODEL_VERSION
    assert data["features"] == list(FEATURES) and len(FEATURES) == len(set(FEATURES))
    assert len(data["weights"]) == len(FEATURES)
    assert "development split only" in data["trained_on"]
    model = load(MODEL_FILE, FEATURES)
    assert 0 < model.threshold < 1
    assert set(features("added", "We use your public posts to train our generative AI models.")) <= set(FEATURES)


def test_a_model_file_that_does_not_fit_the_code_is_refused_with_the_reason(tmp_path):
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps({**data, "features": data["features"][:-1], "weights": data["weights"][:-1]}))
    with pytest.raises(ModelError, match="do not match the code's.*retrain"):
        load(stale, FEATURES)
    uneven = tmp_path / "uneven.json"
    uneven.write_text(json.dumps({**data, "weights": data["weights"][:3]}))
    with pytest.raises(ModelError, match=f"{len(FEATURES)} features but 3 weights"):
        load(uneven, FEATURES)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(ModelError, match="broken.json: not JSON"):
        load(broken, FEATURES)
    with pytest.raises(ModelError, match="cannot read"):
        load(tmp_path / "absent.json", FEATURES)


def test_the_judgement_follows_the_model_it_is_given():
    old, new = ["We keep your account."], ["We keep your account.", "We use your public posts to train our generative AI models."]
    assert _judge(old, new).ai_relevant
    weights = dict.fromkeys(FEATURES, 0.0)
    silent = Model(version=0, features=FEATURES, weights=weights, bias=-5.0, threshold=0.5)
    result = classify("\n\n".join(FILLER + old), "\n\n".join(FILLER + new), model=silent)
    assert result.changed and not result.ai_relevant and result.reasons == []


def test_new_training_on_peoples_posts_is_flagged_and_quoted():
    result = _judge([], ["We use your public posts and photos to train our generative AI models. "
                         "You can object in your privacy settings."])
    assert result.ai_relevant
    assert result.reasons[0].kind == "added" and "train our generative AI models" in result.reasons[0].text


def test_a_promise_not_to_train_that_is_taken_back_is_flagged():
    result = _judge(["We do not use your messages to train AI models."], ["We use your messages to train AI models."])
    assert result.ai_relevant and result.reasons[0].kind == "changed"
    assert result.reasons[0].old == "We do not use your messages to train AI models."


def test_a_renamed_ai_product_is_not_a_change_about_ai():
    old = ["Bing Chat uses your conversations to improve Bing Chat and the AI models behind it."]
    new = ["Copilot uses your conversations to improve Copilot and the AI models behind it."]
    result = _judge(old, new)
    assert result.changed and not result.ai_relevant


def test_a_rule_about_ai_generated_posts_is_not_about_peoples_data():
    result = _judge([], ["Do not post reviews or videos created by generative AI without labelling them as AI-generated."])
    assert result.changed and not result.ai_relevant


def test_a_reflowed_ai_sentence_is_not_a_change():
    sentence = "We do not use the photos and videos you upload to train our generative AI models or our image tools."
    old = [sentence.replace(" to train", "\nto train"), "We keep invoices for six years."]  # a line break: two pieces
    result = _judge(old, [sentence, "We will not keep invoices for more than six years."])  # and a real edit elsewhere
    assert result.changed and not result.ai_relevant and result.reasons == []


def test_an_unrelated_edit_beside_unchanged_ai_text_is_not_about_ai():
    ai = "We do not use your content to train generative AI models."
    result = _judge([ai + " Write to privacy@example.com."], [ai + " Write to dpo@example.org."])
    assert result.changed and not result.ai_relevant
