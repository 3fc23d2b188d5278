"""Each transcript format, and each bad-input case with its exact message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scribe.errors import InputError
from scribe.transcripts import decode, load_transcript, parse_transcript


def test_plain_speaker_lines_and_roles() -> None:
    t = parse_transcript(
        "Dr. Patel: Morning. How is the knee?\nPatient: Stiff.\n  still stiff, honestly\n"
        "Mother: He won't stretch.\nPt: I do!\nNurse: Vitals are fine."
    )
    assert t.format == "plain"
    assert [(x.speaker, x.role) for x in t.turns] == [
        ("Dr. Patel", "clinician"),
        ("Patient", "patient"),
        ("Mother", "other"),
        ("Pt", "patient"),
        ("Nurse", "clinician"),
    ]
    assert t.turns[1].text == "Stiff. still stiff, honestly"


def test_plain_speaker_labels_may_say_a_role_in_parentheses() -> None:
    t = parse_transcript(
        "Dr. Nguyen (resident): So you're here for the left elbow.\nPatient: Yes.\n"
        "Dr. Stavros (attending): Let me see it."
    )
    assert t.format == "plain"
    assert [(x.speaker, x.role) for x in t.turns] == [
        ("Dr. Nguyen (resident)", "clinician"),
        ("Patient", "patient"),
        ("Dr. Stavros (attending)", "clinician"),
    ]


def test_aci_bench_lines() -> None:
    t = parse_transcript("[doctor] hi , martha .\n[patient] hi .\n[patient_guest] she fell .")
    assert t.format == "aci"
    assert [x.role for x in t.turns] == ["clinician", "patient", "other"]


def test_webvtt_with_voices_and_times() -> None:
    text = (
        "WEBVTT\n\nNOTE recorded in clinic\n\n1\n00:00:01.000 --> 00:00:04.500\n"
        "<v Doctor>Your right calf is tight.</v>\n\n00:00:05.000 --> 00:00:06.000\n"
        "<v Patient>Since the stroke.\n"
    )
    t = parse_transcript(text)
    assert t.format == "vtt"
    assert t.turns[0].text == "Your right calf is tight."
    assert (t.turns[0].start, t.turns[0].end) == (1.0, 4.5)
    assert t.turns[1].role == "patient" and t.turns[1].text == "Since the stroke."


def test_json_segments_and_bare_list() -> None:
    seg = [{"speaker": "Doctor", "text": "Hamstrings are tight.", "start": 0, "end": 2.5}]
    a = parse_transcript(json.dumps({"segments": seg}))
    b = parse_transcript(json.dumps(seg))
    assert a.format == b.format == "json"
    assert a.turns == b.turns and a.turns[0].end == 2.5


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "transcript is empty"),
        (b"   \n\t\n", "transcript is empty"),
        (b"\x00\x01\x02binary", "transcript looks binary (NUL bytes); expected UTF-8 text"),
        (b"Doctor: caf\xe9", "transcript is not valid UTF-8 (byte offset 11)"),
        (
            b"just some words without any speaker",
            "unrecognised transcript: the first line has no 'Speaker:' label",
        ),
        (b'{"segments": [', "invalid JSON transcript: Expecting value at line 1 column 15"),
        (
            b'{"segments": [{"speaker": "Doctor"}]}',
            "invalid JSON transcript: segment 0 needs string 'speaker' and 'text'",
        ),
        (
            b'{"segments": [{"speaker": "Dr", "text": "x", "start": "a"}]}',
            "invalid JSON transcript: segment 0 field 'start' is not a number",
        ),
        (b'{"other": 1}', "invalid JSON transcript: expected {'segments': [...]} or a list"),
        (b"WEBVTT\n\nno cues here", "invalid WebVTT transcript: no cues with text"),
    ],
)
def test_bad_input_messages(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as e:
        parse_transcript(decode(data))
    assert e.value.message == message
    assert e.value.exit_code == 2


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="transcript not found"):
        load_transcript(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        load_transcript(tmp_path)


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("physical therapist", "clinician"),
        ("Tomás, hand therapist", "clinician"),
        ("orthopedic surgeon", "clinician"),
        ("patient_guest", "other"),
        ("patient's wife", "other"),
    ],
)
def test_a_clinician_named_by_a_role_word_last(label: str, role: str) -> None:
    t = parse_transcript(json.dumps({"segments": [{"speaker": label, "text": "Hello."}]}))
    assert t.turns[0].role == role


def test_pt_is_the_physical_therapist_beside_a_patient_speaker() -> None:
    t = parse_transcript("Doctor: Let's see.\nPT: Her calf is tight.\nPatient: It is.")
    assert [x.role for x in t.turns] == ["clinician", "clinician", "patient"]
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v PT>Tight calf.\n\n00:00:03.000 --> 00:00:04.000\n<v Patient>Yes.\n"
    assert [x.role for x in parse_transcript(vtt).turns] == ["clinician", "patient"]


def test_pt_alone_is_the_patient() -> None:
    t = parse_transcript("Doctor: How is the calf?\nPT: Tight since the cast.")
    assert [x.role for x in t.turns] == ["clinician", "patient"]


def test_plain_speaker_labels_in_any_script() -> None:
    t = parse_transcript(
        "Dr. Ramírez: Come on in.\nPatient: Thanks.\nEnfermera Núñez: Vitals done."
    )
    assert [(x.speaker, x.role) for x in t.turns] == [
        ("Dr. Ramírez", "clinician"),
        ("Patient", "patient"),
        ("Enfermera Núñez", "other"),
    ]


@pytest.mark.parametrize(
    ("label", "role"), [("PT Alvarez", "clinician"), ("OT Kim", "clinician"), ("Pt Smith", "other")]
)
def test_a_therapists_title_before_a_name(label: str, role: str) -> None:
    vtt = f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v {label}>Tight calf.\n"
    assert parse_transcript(vtt).turns[0].role == role
