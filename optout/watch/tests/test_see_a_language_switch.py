"""A page that comes back in another language (platforms serve pages by region or browser language) is a change
optout cannot compare: the same policy's AI sentences would all read as new. It is recorded, alerts nobody, and
the version page and `optout watch compare` say the page changed language and that optout did not judge it.
A page replaced by a short page in another language (a landing page, an error) is not a translation: what it
lost is judged as usual."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import get_language_info
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import make_plan
from optout.cli import build_app
from optout.notify.models import Notification
from optout.watch.classify import classify
from optout.watch.language import language, switched
from optout.watch.models import FetchLog, Version
from optout.watch.tests.documents import only_linkedin_privacy
from optout.watch.tests.test_check_documents import check, page

ENGLISH = [
    "We collect the information you give us when you create an account, such as your name and your e-mail address.",
    "Our support chatbot uses AI to answer your questions, and we use these conversations to train and improve it.",
    "You can object to this use of your data in your privacy settings at any time, and we will stop within a week.",
    "We share information with the companies that help us run the service, and only under a written contract.",
    "We keep your information for as long as your account exists, and we delete it within ninety days after that.",
    "If you live in the European Union, you can ask us for a copy of your data or ask us to correct it.",
]
FRENCH = [
    "Nous collectons les informations que vous nous donnez lorsque vous créez un compte, comme votre nom et votre "
    "adresse e-mail.",
    "Notre chatbot d'assistance utilise l'IA pour répondre à vos questions, et nous utilisons ces conversations pour "
    "l'entraîner et l'améliorer.",
    "Vous pouvez vous opposer à cette utilisation de vos données dans vos paramètres de confidentialité à tout moment, "
    "et nous arrêterons dans la semaine.",
    "Nous partageons les informations avec les sociétés qui nous aident à faire fonctionner le service, et seulement "
    "sous un contrat écrit.",
    "Nous conservons vos informations aussi longtemps que votre compte existe, et nous les supprimons dans les "
    "quatre-vingt-dix jours qui suivent.",
    "Si vous vivez dans l'Union européenne, vous pouvez nous demander une copie de vos données ou nous demander de "
    "les corriger.",
]
SWEDISH_LANDING = ("Välkommen till vår tjänst. Vi hjälper dig att komma igång på några minuter, och det är gratis att "
                   "prova. Logga in eller skapa ett konto för att fortsätta till din sida.")
T0 = dt.datetime(2026, 12, 1, 14, 2, tzinfo=dt.UTC)


def text(paragraphs, times=3):
    return "\n\n".join(paragraphs * times)


@pytest.mark.parametrize(("sample", "expected"), [
    (text(ENGLISH), "en"), (text(FRENCH), "fr"),
    ("Wir verwenden Ihre Daten nicht, um unsere Modelle zu trainieren, und Sie können der Nutzung jederzeit "
     "widersprechen. Die Daten sind für uns wichtig und werden mit Sorgfalt von dem Team behandelt. " * 4, "de"),
    ("No usamos sus datos para entrenar los modelos, y usted puede oponerse cuando quiera. Los datos del servicio "
     "también son suyos y el equipo los protege. " * 5, "es"),
    ("Non usiamo i tuoi dati per addestrare i modelli, e puoi opporti quando vuoi. I dati della piattaforma e delle "
     "persone sono per noi importanti. " * 5, "it"),
    ("Wij gebruiken uw gegevens niet om onze modellen te trainen, en u kunt bezwaar maken. Het team van deze dienst "
     "zorgt voor de gegevens met zorg voor uw privacy bij elke stap. " * 4, "nl"),
    ("Não usamos os seus dados para treinar os modelos, e você pode se opor quando quiser. Os dados são nossos e "
     "seus, com cuidado pelo serviço. " * 5, "pt"),
    ("Vi använder inte dina uppgifter för att träna våra modeller, och du kan invända när som helst. Det är viktigt "
     "för oss som har ansvar av data och till dig. " * 4, "sv"),
    ("Nie używamy twoich danych do trenowania modeli, jest to dla nas ważne, oraz są one chronione przez zespół dla "
     "ciebie, jak nasze zasady mówią. " * 4, "pl"),
    ("当社はお客様のデータを使用してモデルを学習させることはありません。プライバシー設定からいつでも異議を申し立てることができます。" * 3, "ja"),
    ("個人情報保護方針。当社は、個人情報の保護に関する法律及び関係法令等を遵守し、個人情報を適切に取得、利用及び管理します。"
     "第三者提供：法令に基づく場合を除き、本人の同意無く第三者提供致しません。" * 3, "ja"),  # three parts kanji to one of kana
    ("我们不会使用您的数据来训练模型。隐私政策说明我们如何处理个人信息。" * 5, "zh-hans"),
    ("我們不會使用您的資料來訓練模型。隱私政策說明我們如何處理個人資訊。" * 5, "zh-hant"),
    ("당사는 모델 학습에 귀하의 데이터를 사용하지 않습니다. 개인정보 설정에서 언제든지 거부할 수 있습니다." * 4, "ko"),
    ("Мы не используем ваши данные для обучения моделей. Вы можете возразить в настройках в любое время." * 4, "ru"),
    ("Ми не використовуємо ваші дані для навчання моделей. Ви можете заперечити в налаштуваннях у будь-який час, і ми "
     "припинимо." * 4, "uk"),
    ("Δεν χρησιμοποιούμε τα δεδομένα σας για την εκπαίδευση μοντέλων. Μπορείτε να αντιταχθείτε στις ρυθμίσεις ανά "
     "πάσα στιγμή. " * 4, "el"),
    ("איננו משתמשים בנתונים שלך כדי לאמן מודלים. ניתן להתנגד בהגדרות הפרטיות בכל עת. " * 4, "he"),
    ("हम मॉडल को प्रशिक्षित करने के लिए आपके डेटा का उपयोग नहीं करते हैं। आप किसी भी समय सेटिंग्स में आपत्ति कर सकते हैं। " * 4,
     "hi"),
    ("เราไม่ใช้ข้อมูลของคุณเพื่อฝึกโมเดล คุณสามารถคัดค้านได้ในการตั้งค่าความเป็นส่วนตัวทุกเมื่อ " * 4, "th"),
    ("Vaše osobní údaje používáme pro zlepšení služby a nejsou prodávány. Můžete nás kdykoli kontaktovat, pokud máte "
     "dotazy, které se týkají také vašich údajů nebo jsou spojeny s účtem, jako při registraci. " * 4, "cs"),
    ("Folosim datele dumneavoastră pentru a îmbunătăți serviciul și nu le vindem. Puteți să vă opuneți în orice "
     "moment prin setările contului, iar datele noastre sunt protejate cu grijă pe serverele noastre. " * 4, "ro"),
    ("Kişisel verilerinizi hizmetlerimizi geliştirmek için kullanıyoruz ve bu bilgileri satmıyoruz. Bu kullanıma "
     "ayarlar veya e-posta ile itiraz edebilirsiniz. Bir talep olarak gönderilen başvurular ekibimiz tarafından "
     "incelenir. " * 4, "tr"),
    ("Kami menggunakan data anda untuk meningkatkan layanan dan tidak menjualnya. Anda dapat menolak penggunaan ini "
     "kapan saja dalam pengaturan, atau menghubungi kami dengan email yang tersedia pada halaman dari akun anda. " * 4,
     "id"),
    ("Käytämme tietoja palvelun parantamiseen ja emme myy niitä. Voit vastustaa tätä käyttöä milloin tahansa "
     "asetuksissa tai ottaa yhteyttä meihin, jos sinun tietojasi on käytetty. Meidän tiimimme vastaa myös kun "
     "kysyt. " * 5, "fi"),
    ("Az adatait a szolgáltatás javítására használjuk, és nem adjuk el. Bármikor tiltakozhat a beállításokban vagy "
     "egy e-mailben, ha úgy gondolja, hogy az adatok kezelése nem megfelelő, amely szerint jogai vannak. " * 4, "hu"),
    ("Chúng tôi sử dụng dữ liệu của bạn để cải thiện dịch vụ và không bán cho bên thứ ba. Bạn có thể phản đối việc "
     "này trong cài đặt, với những lựa chọn được cung cấp là các quyền của bạn. " * 4, "vi"),
])
def test_the_language_of_a_policy_is_read_from_its_words_or_its_script(sample, expected):
    assert language(sample) == expected


def test_a_short_or_bilingual_text_has_no_language_so_it_never_reads_as_a_switch():
    assert language("") is None and language("Privacy Policy") is None
    bilingual = "\n\n".join(e + "\n\n" + f for e, f in zip(ENGLISH, FRENCH, strict=True))
    assert language(bilingual) is None
    assert switched(text(ENGLISH), bilingual) is None


@given(st.text(max_size=3000))
def test_any_text_gets_a_language_django_can_name_or_none(sample):
    code = language(sample)
    assert code is None or get_language_info(code)["name"]


def test_a_translation_is_reported_as_a_switch_and_not_judged():
    result = classify(text(FRENCH), text(ENGLISH))
    assert result.changed and not result.ai_relevant and result.reasons == [] and result.score == 0
    assert result.languages == ("fr", "en")
    assert result.as_dict()["languages"] == ["fr", "en"]
    assert classify(text(ENGLISH), text(ENGLISH[:-1])).languages is None  # an ordinary edit
    assert "languages" not in classify(text(ENGLISH), text(ENGLISH[:-1])).as_dict()


def test_a_policy_replaced_by_a_short_page_in_another_language_is_judged_as_usual():
    landing = text([SWEDISH_LANDING], 5)
    assert language(landing) == "sv"
    assert switched(text(ENGLISH, 6), landing) is None  # a quarter of the policy's size: not a translation of it
    result = classify(text(ENGLISH, 6), landing)
    assert result.languages is None
    assert result.ai_relevant and any("chatbot" in r.text for r in result.reasons if r.kind == "removed")


def test_compare_on_the_command_line_says_the_text_changed_language(tmp_path):
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(text(FRENCH), encoding="utf-8")
    new.write_text(text(ENGLISH), encoding="utf-8")
    runner = CliRunner()
    said = runner.invoke(build_app(), ["watch", "compare", str(old), str(new)], env={"COLUMNS": "200"})
    assert said.exit_code == 0, said.output
    assert "the text changed language (French → English)" in said.output
    assert "did not judge whether this change is about AI" in said.output
    data = json.loads(runner.invoke(build_app(), ["watch", "compare", str(old), str(new), "--json"]).output)
    assert data["languages"] == ["fr", "en"] and data["ai_relevant"] is None and data["judged"] is False


def test_a_page_that_came_back_in_another_language_alerts_nobody_and_its_page_says_why(
        db, web_fixture, alice, client, django_capture_on_commit_callbacks):
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    web_fixture.route("/privacy", page(FRENCH * 3))
    assert check(document, T0 - dt.timedelta(days=1)) == "new-version"
    web_fixture.route("/privacy", page(ENGLISH * 3))
    with django_capture_on_commit_callbacks(execute=True):
        assert check(document, T0) == "unconfirmed"  # nearly every sentence is new: held for a second look
        assert check(document, T0 + dt.timedelta(hours=1)) == "confirmed"
    assert list(FetchLog.objects.filter(document=document).values_list("outcome", flat=True).order_by("at", "id")) \
        == ["new-version", "unconfirmed", "confirmed"]
    version = document.versions.order_by("-id").first()
    assert version.changed_from and not version.ai_relevant and not version.technical
    assert version.languages == "fr en" and not version.drastic  # recorded with the judgement
    assert not Notification.objects.filter(owner=alice).exists()
    html = client.get(reverse("watch:version", args=[version.id])).content.decode()
    assert "The page changed language (French → English)" in html
    assert "did not judge whether this change is about AI" in html
    assert "optout found nothing about AI in this change" not in html
    assert '<table class="diff side">' in html, "two languages are shown side by side"
    inline = client.get(reverse("watch:version", args=[version.id]) + "?view=inline").content.decode()
    assert '<table class="diff side">' not in inline and '<div class="diff inline">' in inline
    german = client.get(reverse("watch:version", args=[version.id]), headers={"accept-language": "de"}).content.decode()
    assert "Die Seite hat die Sprache gewechselt (Französisch → Englisch)" in german
    # inside a sentence, French, Spanish, Italian, Portuguese and Polish write a language's name in small letters
    french = client.get(reverse("watch:version", args=[version.id]), headers={"accept-language": "fr"}).content.decode()
    assert "La page a changé de langue (français → anglais)" in french
    spanish = client.get(reverse("watch:version", args=[version.id]), headers={"accept-language": "es"}).content.decode()
    assert "La página ha cambiado de idioma (francés → inglés)" in spanish


def test_the_page_explains_the_verdict_recorded_with_the_version(db, client, monkeypatch):
    """What the version page says comes from what was recorded when the version was judged, not from
    reading the texts again: if optout's language reading improves later, past verdicts keep their reasons,
    and versions stored before the reasons were recorded get them from the migration, as their page showed."""
    import importlib

    from optout.watch.services.versions import store_version

    document = only_linkedin_privacy("https://example.org/privacy")
    first = store_version(document, "\n\n".join(FRENCH * 3), "a" * 64, T0 - dt.timedelta(days=1), source="fetch", previous=None)
    second = store_version(document, "\n\n".join(ENGLISH * 3), "b" * 64, T0, source="fetch", previous=first)
    assert second.languages == "fr en" and first.languages == ""
    for where in ("optout.watch.language.switched", "optout.watch.classify.switched", "optout.watch.views.switched"):
        monkeypatch.setattr(where, lambda old, new: None, raising=False)  # a later, different reading
    html = client.get(reverse("watch:version", args=[second.id])).content.decode()
    assert "The page changed language (French → English)" in html
    # the migration records, for versions stored before, what their page worked out when shown
    monkeypatch.undo()
    Version.objects.filter(pk=second.pk).update(languages="")
    migration = importlib.import_module("optout.watch.migrations.0005_version_languages_drastic")
    from django.apps import apps

    migration.record_what_the_page_showed(apps, None)
    second.refresh_from_db()
    assert second.languages == "fr en"
    assert Version.objects.get(pk=first.pk).languages == ""  # a first version has nothing to compare with


def test_a_change_optout_did_not_judge_is_marked_so_in_the_lists_as_in_its_feed(db, client):
    """Without a mark, a change in a language optout does not judge read in the lists like one judged not about
    AI, while its feed entry said "Change not judged (French)"."""
    from optout.watch.services.versions import store_version

    document = only_linkedin_privacy("https://example.org/privacy")
    first = store_version(document, text(FRENCH), "a" * 64, T0 - dt.timedelta(days=2), source="fetch", previous=None)
    french = store_version(document, text(FRENCH) + "\n\nNous utilisons vos publications pour entraîner nos modèles "
                           "d'IA générative.", "b" * 64, T0 - dt.timedelta(days=1), source="fetch", previous=first)
    store_version(document, text(ENGLISH), "c" * 64, T0, source="fetch", previous=french)
    feed = client.get(reverse("watch:platform_feed", args=["linkedin"])).content.decode()
    assert "<title>Change not judged (French): LinkedIn: Privacy Policy</title>" in feed
    assert "<title>Change in another language, not judged: LinkedIn: Privacy Policy</title>" in feed
    for url in (reverse("watch:index"), reverse("watch:platform", args=["linkedin"])):
        html = client.get(url).content.decode()
        assert '<span class="badge info">Change not judged (French)</span>' in html, url
        assert '<span class="badge info">Change in another language, not judged</span>' in html, url
    german = client.get(reverse("watch:index"), headers={"accept-language": "de"}).content.decode()
    assert "Änderung nicht beurteilt (Französisch)" in german


def test_a_page_that_now_reads_in_another_language_than_english_tells_the_people_who_use_it(
        db, web_fixture, alice, django_capture_on_commit_callbacks):
    """From then on its changes are recorded but never judged: no alert would come, and nobody was told so."""
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    web_fixture.route("/privacy", page(ENGLISH * 3))
    assert check(document, T0 - dt.timedelta(days=1)) == "new-version"
    web_fixture.route("/privacy", page(FRENCH * 3))
    with django_capture_on_commit_callbacks(execute=True):
        check(document, T0)
        assert check(document, T0 + dt.timedelta(hours=1)) == "confirmed"
    assert document.versions.order_by("-id").first().languages == "en fr"
    [told] = Notification.objects.filter(owner=alice)
    assert told.text.startswith("LinkedIn’s Privacy Policy now reads in French, and optout judges changes about AI "
                                "only in English text")
    assert mail.outbox and "now reads in French" in mail.outbox[-1].body
