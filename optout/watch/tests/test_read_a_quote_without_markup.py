"""A page kept as its Markdown source (a publisher's own repository: GitHub's site policy, DuckDuckGo's help pages,
Mozilla's legal documents) carries markup its site renders away: Kramdown's attribute lists, Liquid's tags and
outputs, a link's title, an image's "!". A person reads a quote of it as the site shows it. The sentences are
excerpts of those pages, or written as they write them."""

import pytest
from django.urls import reverse

from conftest import make_plan
from optout.notify.models import Notification
from optout.watch import services
from optout.watch.models import Version
from optout.watch.quotes import keeps, quote, readable
from optout.watch.tests.test_check_documents import PARAGRAPHS
from optout.watch.tests.test_read_an_alert_quote import LENGTHS


def test_a_quote_shows_no_attribute_list():
    """DuckDuckGo's help pages open a new tab for each link with "{:target="\\_blank"}{:rel="noopener noreferrer"}";
    Mozilla's notices and Kagi's docs name their headings and images ("{: #telemetry }", "{#custom-assistants}",
    "{width=700px data-zoomable}")."""
    duck = ("[DuckDuckGo AI Chat](https://duckduckgo.com/aichat){:target=\"\\_blank\"}{:rel=\"noopener noreferrer\"} does "
            "not record or store any of your chats, and your conversations are not used to train chat models, either "
            "by DuckDuckGo or the underlying model providers (for example, [OpenAI](https://openai.com/policies)"
            "{:target=\"\\_blank\"} and Anthropic).")
    for length in LENGTHS:
        shown = quote(duck, length=length)
        assert "{" not in shown and "target" not in shown and len(shown) <= length, (length, shown)
    assert quote(duck, length=300) == (
        "DuckDuckGo AI Chat does not record or store any of your chats, and your conversations are not used to train "
        "chat models, either by DuckDuckGo or the underlying model providers (for example, OpenAI and Anthropic).")
    for sentence, read in (
        ("Firefox sends data about your use of its AI chatbot to us. {: #telemetry }",
         "Firefox sends data about your use of its AI chatbot to us."),
        ("We never use your conversations to train AI models.\n{: .note}", "We never use your conversations to train AI models."),
        ("## AI Assistant and your data {#assistant-data}", "AI Assistant and your data"),
        ("![The AI settings page](./media/ai_settings.png){width=700px data-zoomable} Turn off AI training here.",
         "The AI settings page Turn off AI training here."),
        ("You may opt out of AI training.** \\[\\]{#h.lnxbz9 .anchor}", "You may opt out of AI training."),
    ):
        assert quote(sentence) == read, sentence


def test_a_quote_shows_what_liquid_renders_not_its_tags():
    """GitHub's site policy writes its products' names as Liquid variables and its versions as Liquid conditions;
    DuckDuckGo's help pages start their addresses with "{{ site.baseurl }}"."""
    github = ("{% data variables.product.prodname_dotcom %} does not use the data you analyze with "
              "{% data variables.product.prodname_insights %} to train machine learning models{% ifversion ghec %} for "
              "{% data variables.product.prodname_ghe_cloud %}{% endif %}.")
    assert quote(github) == ("GitHub does not use the data you analyze with GitHub Insights to train machine learning "
                             "models for GitHub Enterprise Cloud.")
    # a passage inserted from elsewhere, or a name optout does not know, is left out without a gap
    assert quote("Copilot may use your prompts to train AI models, as described in {% data reusables.copilot.terms %}.") == (
        "Copilot may use your prompts to train AI models, as described in.")
    assert quote("Your {% data variables.product.prodname_foo %} chats are used to train AI models.") == (
        "Your chats are used to train AI models.")
    # two wordings a condition chooses between stay words, not glued together
    assert "instance GitHub.com" in quote("Your {% ifversion ghes %}GitHub Enterprise Server instance{% else %}"
                                          "GitHub.com{% endif %} data is not used to train AI models.")
    duck = ("More information about optional AI-assisted answers, which never use your searches to train AI models, can be "
            "found [here]({{ site.baseurl}}/results/ai-assisted-answers/) or by writing to "
            "{{ site.data.variables.contact.contact_privacy }}.")
    assert quote(duck, length=300) == ("More information about optional AI-assisted answers, which never use your searches "
                                       "to train AI models, can be found here or by writing to.")


def test_a_quote_shows_a_link_with_a_title_and_an_image_as_words():
    """IBM's privacy policy gives each link a title ("[IBM Websites](#Our_Websites "IBM Websites")"), which is no
    link without a title to the reader; Apple's App Store guidelines and AdRoll's policy put icons in sentences."""
    ibm = ("It includes information on [Your Account](#Your_Account \"Your Account\"), [IBM Websites](#Our_Websites "
           "\"IBM Websites\") and how we may use your data to develop [AI models](https://www.ibm.com/ai 'IBM AI').")
    assert quote(ibm, length=300) == (
        "It includes information on Your Account, IBM Websites and how we may use your data to develop AI models.")
    for sentence, read in (
        ("Guidelines that include ![ASR & NR](/app-store/review/images/key-icon.svg) apply to apps that use AI models "
         "to generate content.", "Guidelines that include ASR & NR apply to apps that use AI models to generate content."),
        ("**2.5.18**![ASR & NR](/app-store/review/images/key-icon.svg) Apps that use AI models must say so.",
         "2.5.18 ASR & NR Apps that use AI models must say so."),
        ("You can opt out of AI training by clicking on the blue icon ![](/assets/img/icon1.png) in the corner of "
         "our ads.", "You can opt out of AI training by clicking on the blue icon in the corner of our ads."),
        ("[![](/assets/img/legal/your-privacy-choices.png)](https://www.nextroll.com/your-privacy-choices) We use "
         "machine learning models to choose ads.", "We use machine learning models to choose ads."),
    ):
        assert quote(sentence) == read, sentence


@pytest.mark.parametrize("sentence", [
    "We map each {x} to {y} and f(x){y} to {feedback}, and {a: 1} or {:} or {.5} stay, as in our AI model's code.",
    "Write {{ }} or {% if you like in a prompt to our AI assistant, and it answers as written.",
    "Our AI assistant shows an image! [Learn more](https://example.com/ai) about it.",
])
def test_braces_of_prose_maths_or_code_are_the_pages_words(sentence):
    assert quote(sentence, length=300) == readable(sentence)


def test_the_judgement_reads_the_sentence_as_before():
    """Only what a quote shows is cleaned: the judgement compares sentences as `readable` reads them, and its figures
    must not move with a quote. A quote cut shorter is checked (`keeps`) on the same words as the quote."""
    duck = "[Duck.ai](https://duck.ai){:target=\"\\_blank\"} does not use your chats to train AI models."
    assert readable(duck) == "Duck.ai{:target=\"_blank\"} does not use your chats to train AI models."
    full = quote(duck)
    assert full == "Duck.ai does not use your chats to train AI models."
    assert keeps(duck, "", full, quote(duck, length=60))


def test_an_alert_on_a_markdown_page_quotes_it_as_its_site_shows_it(db, web_fixture, alice, client,
                                                                   django_capture_on_commit_callbacks):
    """A page served as Markdown is read as it is: the alert quotes its sentence about AI as its site renders it."""
    from optout.watch.tests.documents import only_linkedin_privacy

    only_linkedin_privacy(web_fixture.url("/privacy"))
    make_plan(alice, "EU", ["linkedin"])
    markdown = {"Content-Type": "text/markdown; charset=utf-8"}
    web_fixture.route("/privacy", "\n\n".join(PARAGRAPHS).encode(), headers=markdown)
    services.run(sync=False)
    added = ("[Duck.ai](https://duckduckgo.com/duckai){:target=\"\\_blank\"}{:rel=\"noopener noreferrer\"} does not "
             "use your chats to train {% data variables.product.prodname_copilot %} or any other AI model.")
    web_fixture.route("/privacy", "\n\n".join([*PARAGRAPHS, added]).encode(), headers=markdown)
    with django_capture_on_commit_callbacks(execute=True):
        services.run(sync=False)
    text = Notification.objects.get().text
    assert "“Duck.ai does not use your chats to train GitHub Copilot or any other AI model.”" in text, text

    version = Version.objects.exclude(reasons=[]).latest("id")  # and the version's page lists it so
    page = client.get(reverse("watch:version", args=[version.id])).content.decode()
    assert "Duck.ai does not use your chats to train GitHub Copilot or any other AI model." in page  # the reasons
    assert "Added: </span>Duck.ai does not use your chats to train GitHub Copilot or any other AI model.</ins>" in page
    assert "{:target" not in page and "{% data" not in page
