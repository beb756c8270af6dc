"""The About page tells the truth about a person's data: who can see it, what leaves the machine, how long it is kept
(with the periods the code really uses)."""

from django.conf import settings


def test_the_about_page_says_who_sees_my_data_and_how_long_it_is_kept(client, db):
    page = client.get("/about/").content.decode().replace("\n", " ")
    assert "Nobody else can see it" not in page
    assert "The software never sells or shares it." in page
    assert "Whoever runs this copy of optout can see what is stored" in page and "admin pages" in page
    assert "go through the mail server this copy is set up with" in page
    assert "Notifications go to the services you add as channels" in page
    assert "even after you delete your account" in page  # backups
    # The periods named are the ones the code keeps to (optout/ops/prune.py, Django's session age).
    assert settings.OPTOUT_KEEP_READ_NOTIFICATIONS_DAYS == 180 and "180 days after you have read them" in page
    assert settings.OPTOUT_KEEP_TASK_RESULTS_DAYS == 30 and "checking platforms): 30 days" in page
    assert settings.OPTOUT_KEEP_FETCH_LOGS_DAYS == 90 and "holds nothing about you: 90 days" in page
    assert "step titles, company names and letter references" in page  # what a calendar service reads
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 3600 and "about two weeks after you last used it" in page
