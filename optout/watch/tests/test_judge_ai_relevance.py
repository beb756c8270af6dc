"""Judging whether a change is about AI: the learned model that ships with the package, and the hard
negatives it must not flag (renamed products, rules about AI-generated content, reflowed text,
unrelated edits beside unchanged AI sentences)."""

import gzip
import importlib.util
import json
from pathlib import Path

import pytest

from optout.watch import classify as classify_module
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
    splits = ("dev", "held-out", *(f"held-out-{n}" for n in range(2, 11)))
    assert train.TRAINING_SPLITS == splits  # never a test split
    assert data["trained_on"].startswith(f"training splits {', '.join(splits)}: 2092 pairs")
    assert data["threshold"] == data["cross_validated"]["threshold"]
    cv = data["cross_validated"]
    if cv["pairs_recall"] >= train.TARGET_RECALL:  # the threshold was chosen for recall first
        assert cv["threshold_rule"].startswith(f"recall >= {train.TARGET_RECALL}")
    else:  # no threshold reaches the recall target on the training pairs: the file says so, and F2 chose it
        assert cv["threshold_rule"] == f"no threshold reaches recall {train.TARGET_RECALL}: the highest F2"
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


def test_a_kind_of_data_added_to_an_ai_clause_is_weighed_but_a_typo_in_it_is_not():
    clause = "We use your posts and comments to train our AI models."
    widened = _judge([clause], ["We use your posts, comments and messages to train our AI models."])
    assert widened.ai_relevant and widened.reasons[0].kind == "changed" and widened.reasons[0].old == clause
    assert not classify_module._edit_matters(clause, widened.reasons[0].text)  # the filter before model v8 dropped it
    typo = _judge(["We use your posts to train our AI models."], ["We use you posts to train our AI models."])
    assert typo.changed and not typo.ai_relevant and typo.reasons == []


def test_a_rule_about_ai_generated_posts_is_not_about_peoples_data():
    result = _judge([], ["Do not post reviews or videos created by generative AI without labelling them as AI-generated."])
    assert result.changed and not result.ai_relevant


def test_a_reflowed_ai_sentence_is_not_a_change():
    sentence = "We do not use the photos and videos you upload to train our generative AI models or our image tools."
    old = [sentence.replace(" to train", "\nto train"), "We keep invoices for six years."]  # a line break: two pieces
    result = _judge(old, [sentence, "We will not keep invoices for more than six years."])  # and a real edit elsewhere
    assert result.changed and not result.ai_relevant and result.reasons == []


def test_a_condition_cut_off_an_ai_training_sentence_is_a_change_not_a_reflow():
    """The words left all stood in the old sentence, in order, as after a split; but the rest of it (the
    condition) is nowhere in the new text: people's content now trains AI without their opting in."""
    conditional = "We will use your content to train our generative AI models only if you opt in."
    result = _judge([conditional], ["We will use your content to train our generative AI models."])
    assert result.ai_relevant and result.reasons[0].kind == "changed" and result.reasons[0].old == conditional
    split = _judge([conditional], ["We will use your content to train our generative AI models. Only if you opt in."])
    assert split.changed and not split.ai_relevant and split.reasons == []  # the same words, in two sentences


def test_an_unrelated_edit_beside_unchanged_ai_text_is_not_about_ai():
    ai = "We do not use your content to train generative AI models."
    result = _judge([ai + " Write to privacy@example.com."], [ai + " Write to dpo@example.org."])
    assert result.changed and not result.ai_relevant


def test_training_reads_only_the_training_splits_and_skips_other_texts_unparsed(tmp_path, monkeypatch):
    train = _training_script()
    header = "repository,document,old_commit,new_commit,date,service,split,label,category,reason\n"
    rows = [("dev", "ai", "Alpha", "We keep your account.", "We use your posts to train our generative AI models."),
            ("held-out", "not-ai", "Beta", "Write to us at one address.", "Write to us at another address."),
            ("held-out-2", "ai", "Delta", "We keep your chats.", "We do not use your chats to train AI models."),
            ("held-out-11", "ai", "Gamma", None, None)]
    pairs, lines = [header], []
    for n, (split, label, service, old, new) in enumerate(rows):
        commit = f"{n}" * 40
        pairs.append(f"R/r,{service}/Privacy Policy.md,{commit},{commit},2026-01-01,{service},{split},{label},x,why\n")
        key = json.dumps(f"R/r:{commit}:{service}/Privacy Policy.md")
        body = json.dumps({"old": old, "new": new})[1:] if old else "NOT JSON: never to be parsed}"
        lines.append('{"key": ' + key + ", " + body + "\n")
    (tmp_path / "pairs.csv").write_text("".join(pairs), encoding="utf-8")
    with gzip.open(tmp_path / "texts.jsonl.gz", "wt", encoding="utf-8") as out:
        out.writelines(lines)
    (tmp_path / "cases.jsonl").write_text("", encoding="utf-8")
    monkeypatch.setattr(train, "PAIRS", tmp_path / "pairs.csv")
    monkeypatch.setattr(train, "TEXTS", tmp_path / "texts.jsonl.gz")
    monkeypatch.setattr(train, "EXCERPTS", tmp_path / "cases.jsonl")
    data = train.examples()
    assert [(e["service"], e["label"]) for e in data] == [("Alpha", True), ("Beta", False), ("Delta", True)]
    assert data[0]["bag"] and not data[1]["bag"]  # the AI sentence is described, the address edit is not about AI


def test_sister_services_are_one_group_in_cross_validation():
    train = _training_script()
    assert {train.group(s) for s in ("Google Drive", "YouTube", "AdSense", "Google Generative AI Services")} == {"Alphabet"}
    assert {train.group(s) for s in ("Facebook", "Instagram", "WhatsApp", "Llama API")} == {"Meta"}
    assert train.group("Le Chat") == train.group("Vibe") and train.group("X") == train.group("Grok")
    assert train.group("Wikipedia") == train.group("Wikimedia Foundation") and train.group("Bolt Drivers") == "Bolt"
    assert train.group("Xanga") == "xanga" and train.group("Zillow") == "zillow"  # "X" is a family only on its own
    data = [{"group": g, "label": y} for g, y in (("google", True), ("google", False), ("meta", True), ("vimeo", False),
                                                  ("a", True), ("b", True), ("c", True), ("d", False))]
    folds = train.folds(data)
    assert set(folds) == {"google", "meta", "vimeo", "a", "b", "c", "d"} and set(folds.values()) <= set(range(train.FOLDS))
    assert len({folds[g] for g in ("google", "meta", "a", "b", "c")}) == 5  # AI-relevant examples spread over the folds


def test_training_a_system_on_peoples_data_is_weighed_without_the_word_ai():
    result = _judge(["We process your personal data to improve our services."],
                    ["We process your personal data to improve our services and to train our systems."])
    assert result.ai_relevant and "train our systems" in result.reasons[0].text
    assert not _judge([], ["We train our support staff to protect your personal data."]).ai_relevant


def test_a_promise_about_training_on_peoples_code_without_an_ai_word_is_weighed_and_quoted():
    promise = "None of your code will ever be trained on by us or any third-party."
    result = _judge(["We store your code to provide the service."], ["We store your code to provide the service.", promise])
    assert result.ai_relevant and result.reasons[0].kind == "added" and result.reasons[0].text == promise
    assert "s:train_no_ai" in features("added", promise)


def test_training_people_is_not_training_on_their_data():
    for sentence in ("Our employees are trained on how to handle your personal data securely.",
                     "All staff are trained on data protection and confidentiality."):
        result = _judge([], [sentence])
        assert result.changed and not result.ai_relevant and result.reasons == [], sentence


def test_sharing_personal_data_with_third_party_ai_is_not_mistaken_for_an_ai_content_label():
    sentence = ("You must clearly disclose where personal data will be shared with third parties, including with "
                "third-party AI, and obtain explicit permission before doing so.")
    assert "s:generated" not in features("added", sentence)
    assert _judge([], [sentence]).ai_relevant
    assert "s:generated" in features("added", "Label realistic content made with AI.")


def test_interactions_with_an_ai_product_listed_as_data_used_are_flagged():
    result = _judge(["* Your activity on our products"],
                    ["* Your activity on our products", "* Interactions with [AI at Meta](https://www.facebook.com/privacy/genai)"])
    assert result.ai_relevant


def test_a_page_menu_run_together_is_not_a_statement_about_ai():
    menu = ("Personal Troubleshooting issues with Account checkSafety Settings & ToolsSafety tipsAdding extra account "
            "protection with passkeysCommunity GuidelinesUnderstand the RulesCreator AI tools and your data")
    result = _judge([], [menu])
    assert result.changed and not result.ai_relevant and result.reasons == []


def test_links_run_together_are_a_menu_not_a_statement_about_ai():
    menu = ("Products[Video SDK](https://example.com/video-sdk)[AI Services](https://example.com/ai)"
            "[Generative AI models trained on your data](https://example.com/models)[Pricing](https://example.com/p)")
    result = _judge([], [menu])
    assert result.changed and not result.ai_relevant and result.reasons == []
    # one link inside a sentence is still a sentence
    sentence = "We use your posts to train our generative AI models ([learn more](https://example.com/ai))."
    assert _judge([], [sentence]).ai_relevant


def test_an_announcement_of_new_ai_features_without_peoples_data_is_not_flagged():
    result = _judge([], ["It is an invite-only programme for users to try new AI features."])
    assert result.changed and not result.ai_relevant


def test_the_benchmark_never_mixes_the_test_split_into_training_figures_nor_lists_its_errors(monkeypatch):
    spec = importlib.util.spec_from_file_location("ai_relevance_benchmark", ROOT / "benchmarks/ai_relevance.py")
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    assert benchmark.TEST_SPLITS == ("held-out-11", "held-out-12", "held-out-13")
    assert not set(benchmark.TEST_SPLITS) & set(benchmark.TRAINING_SPLITS)
    assert benchmark.CHOICES["all"] == benchmark.CHOICES["training"] == ("dev", "held-out", *(f"held-out-{n}" for n in range(2, 11)))
    for split in benchmark.TEST_SPLITS:
        assert benchmark.CHOICES[split] == (split,)  # scored only when asked for by name
        monkeypatch.setattr("sys.argv", ["ai_relevance.py", "--split", split, "--errors"])
        with pytest.raises(SystemExit, match="never on a test split"):
            benchmark.main()


def test_the_benchmark_gives_no_precision_without_an_alert_nor_recall_without_an_ai_change():
    spec = importlib.util.spec_from_file_location("ai_relevance_benchmark", ROOT / "benchmarks/ai_relevance.py")
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    assert benchmark.figures([(True, True), (False, True), (True, False)]) == "precision 0.500  recall 0.500"
    # a split whose sure calls are none, or whose slice holds no AI-relevant pair, has nothing to measure: not 0.000
    assert benchmark.figures([(True, False), (False, False)]) == "precision: none (no alert)  recall 0.000"
    assert benchmark.figures([(False, True)]) == "precision 0.000  recall: none (no AI-relevant pair)"
    assert benchmark.figures([]) == "precision: none (no alert)  recall: none (no AI-relevant pair)"


def test_only_a_high_score_is_called_sure_and_the_band_comes_from_cross_validation(tmp_path):
    train = _training_script()
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    model = load(MODEL_FILE, FEATURES)
    assert model.threshold < model.sure_threshold < 1
    assert data["cross_validated"]["sure_precision"] >= train.SURE_PRECISION
    sure = _judge([], ["We use your public posts to train our generative AI models."])
    assert sure.ai_relevant and sure.sure
    unsure = _judge([], ["Our assistant can answer questions about your account using AI."])
    assert unsure.ai_relevant and not unsure.sure and unsure.score < model.sure_threshold
    assert not _judge([], ["Our office moved to Dublin."]).sure
    # The band: the lowest score from which every higher band holds the precision, over enough pairs.
    labels = [True] * 19 + [False] + [True, False, False]
    scores = [0.9] * 20 + [0.5, 0.45, 0.3]
    assert train.sure_threshold(labels, scores, 0.22) == 0.46  # 20 of 21 from 0.46 up; 20 of 22 from 0.45
    assert train.sure_threshold(labels[:5], scores[:5], 0.22) is None, "too few pairs above any score"
    # A file without a band never calls anything sure; a band outside (threshold, 1) is refused.
    without = tmp_path / "without.json"
    without.write_text(json.dumps({k: v for k, v in data.items() if k != "sure_threshold"}))
    assert load(without, FEATURES).sure_threshold is None and not load(without, FEATURES).sure(0.99)
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({**data, "sure_threshold": 0.1}))
    with pytest.raises(ModelError, match="sure_threshold 0.1 is not between"):
        load(wrong, FEATURES)


def test_a_space_put_after_a_list_mark_is_no_rewording():
    """Jasper's processing agreement: "(l)“Processor” means Jasper AI, Inc. …" became "(l) “Processor” means …", and
    the alert showed two quotes that read the same."""
    glued = ("(l)“Processor” means Jasper AI, Inc. and any Jasper entities, including its Affiliates, which Processes "
             "Personal Data on behalf of the Customer.")
    result = _judge([glued], [glued.replace(")“", ") “")])
    assert not result.reasons


@pytest.mark.parametrize("old, new, kind, lead", [
    # Upscrolled's terms: an item added under a ban
    ("Users may not:\n\n* scrape platform content;\n* access restricted areas of the platform.",
     "Users may not:\n\n* scrape platform content;\n* train AI systems using platform data; or\n"
     "* access restricted areas of the platform.", "added", "Users may not:"),
    # Liquid AI's terms: numbered clauses under a numbered lead-in, the ban on training dropped
    ("2.2 When using the Services, you will not:\n\n2.2.1 Reproduce or modify the Service;\n\n"
     "2.2.2 Use the Services or any output of the Services to train or develop other AI models,",
     "2.2 When using the Services, you will not:\n\n2.2.1 Reproduce or modify the Service;",
     "removed", "2.2 When using the Services, you will not:"),
    # fal's terms: a list nested under an item that leads it, its indents lost
    ("1. Eligibility.\n2. Third-Party Materials.\n3. You may not:\n\n1. resell the Services;",
     "1. Eligibility.\n2. Third-Party Materials.\n3. You may not:\n\n1. resell the Services;\n"
     "2. use any outputs to develop, fine-tune, or train any artificial intelligence models;", "added", "You may not:"),
    # a lead-in of two sentences: the last leads into the list (Financial Times)
    ("You cannot do anything else with our content. By way of example only, this means that you cannot:\n\n"
     "* Photocopy articles.",
     "You cannot do anything else with our content. By way of example only, this means that you cannot:\n\n"
     "* Photocopy articles.\n* Use any of our content for any machine learning and/or artificial intelligence purposes.",
     "added", "By way of example only, this means that you cannot:"),
])
def test_a_list_item_keeps_the_lead_in_that_bans_it(old, new, kind, lead):
    reasons = _judge([old], [new]).reasons
    assert [(r.kind, r.lead) for r in reasons] == [(kind, lead)]
    assert reasons[0].as_dict()["lead"] == lead


@pytest.mark.parametrize("lead", [
    # Grok's acceptable use policy: the "not" is one duty among others; what it leads is no ban
    "You are free to use our Service so long as you use it to be a good human, act safely and responsibly, comply "
    "with the law, not harm people, and respect our guardrails:",
    # Instagram's privacy policy: "not only … but also" denies nothing
    "The provision of Meta Products includes collecting, storing, reviewing and curating, and in some instances not "
    "only automated processing but also manual (human) reviewing, to:",
])
def test_a_lead_in_that_neither_bans_nor_denies_is_not_kept_with_its_items(lead):
    """A fifth review: an AI item nested deep under a ban, its indents lost, was quoted after the permissive lead-in
    at the top of the page ("You are free to use our Service … : … Using the Service … to develop machine learning
    models … that compete with xAI")."""
    item = "* Using the Service or any Output to develop machine learning models or related AI services that compete."
    reasons = _judge([f"{lead}\n\n* Comply with the law."], [f"{lead}\n\n* Comply with the law.\n{item}"]).reasons
    assert [(r.kind, r.lead) for r in reasons] == [("added", "")]
    banned = "You are free to use our Service, but you may not:"
    assert _judge([f"{banned}\n\n* spam."], [f"{banned}\n\n* spam.\n{item}"]).reasons[0].lead == banned


@pytest.mark.parametrize("lead", [
    # a sixth review: a "not" after a comma that opens the ban, not one duty among others
    "For example, don’t use our Service or Outputs to promote or engage in illegal, harmful, or abusive activities, "
    "including:",
    "You agree, on behalf of yourself and your End Users, not to, or permit any third party to:",
    "Licensee shall, at all times, not, directly or indirectly, or through any third party:",
    "We will never, whether for our own purposes or for those of our partners, and regardless of your settings:",
    "This licence doesn’t cover these types of content:",
])
def test_a_lead_in_that_bans_or_denies_after_a_comma_is_kept_with_its_items(lead):
    item = "* Using Outputs or your content to train AI models that compete with us."
    reasons = _judge([f"{lead}\n\n* Spam."], [f"{lead}\n\n* Spam.\n{item}"]).reasons
    assert [(r.kind, r.lead) for r in reasons] == [("added", lead)]


def test_an_item_after_a_nested_list_whose_indents_were_lost_is_read_at_the_top_level():
    """A review's case: after "2. We will never:" and its nested "1." and "2.", an added "3. We may use your public posts
    to train our AI models." was taken for a third item under "We will never:" and quoted as a promise. A sentence of its
    own (a subject and a modal) is not the end of a lead-in item's words; an item that is (" use …") stays under it."""
    old = ("1. We keep your data safe.\n2. We will never:\n1. sell your personal data;\n"
           "2. show your private messages to advertisers.")
    reasons = _judge([old], [old + "\n3. We may use your public posts to train our AI models."]).reasons
    assert [(r.kind, r.lead) for r in reasons] == [("added", "")]
    nested = "1. We will never:\n1. sell your personal data;"
    reasons = _judge([nested], [nested + "\n2. use your private messages to train our AI models."]).reasons
    assert [(r.kind, r.lead) for r in reasons] == [("added", "We will never:")]
    # Grindr's terms: a ban of its own is still under the lead-in that bans
    banned = ("1. Guidelines.\n2. We may ban your account.\n3. You agree to the following terms regarding prohibited "
              "conduct and uses:\n1. You will NOT use the Grindr Services if You are not a legal adult;")
    added = banned + "\n2. You will NOT use the Grindr Services to train any AI Technology."
    reasons = _judge([banned], [added]).reasons
    assert [r.lead for r in reasons] == ["You agree to the following terms regarding prohibited conduct and uses:"]
    # a condition is a lead a sentence of its own can stand under
    condition = "1. Your choices.\n2. Unless you opt out:\n1. we may show your posts to advertisers;"
    reasons = _judge([condition], [condition + "\n2. we may use your public posts to train our AI models."]).reasons
    assert [(r.kind, r.lead) for r in reasons] == [("added", "Unless you opt out:")]


def test_a_list_item_under_a_lead_in_that_bans_nothing_carries_none():
    reasons = _judge(["We may use your posts to:\n\n* show you ads."],
                     ["We may use your posts to:\n\n* show you ads.\n* train our generative AI models."]).reasons
    assert [r.lead for r in reasons] == [""] and "lead" not in reasons[0].as_dict()
