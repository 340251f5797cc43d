from core import text


def test_it_folds_case_diacritics_and_tone_placement_for_search():
    assert text.fold("Hoà Bình") == text.fold("Hòa Bình") == text.fold("HOA BINH") == "hoa binh"
    assert text.fold("Đồng  Tháp") == "dong thap"


def test_it_keeps_tones_but_not_their_position_in_identity_keys():
    assert text.name_key("Hoà Bình") == text.name_key("Hòa Bình")
    assert text.name_key("Thanh Hóa") != text.name_key("Thanh Hòa")
    assert text.name_key("  nguyễn   văn  hùng ") == text.name_key("Nguyễn Văn Hùng")


def test_it_stores_nfc():
    decomposed = "Hoa\u0300 Bi\u0300nh"  # NFD, as some keyboards and PDFs produce
    assert text.clean(decomposed) == "Hoà Bình"
    assert len(text.clean(decomposed)) == 8


def test_keys_and_search_forms_fit_their_200_character_columns():
    # Every toned word gains a digit, "ß" folds to "ss": both can outgrow a 200-character name.
    name = "Hà " * 66 + "Hà"
    assert len(name) == 200
    assert len(text.name_key(name)) == len(text.fold("ß" * 200)) == 200
    assert text.name_key(name) == text.name_key(name.upper())
