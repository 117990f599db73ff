"""Apps above the directory add their lists to the data files through the section registry."""

import dataclasses

import pytest

from grappe.datafiles.sections import registered_sections, section_register


def test_experiences_register_their_list_once():
    names = [section.name for section in registered_sections()]
    assert names.count("experiences") == 1
    experiences = next(s for s in registered_sections() if s.name == "experiences")

    section_register(experiences)  # the same section again (a second ready()) changes nothing
    assert [s.name for s in registered_sections()] == names
    with pytest.raises(ValueError, match="already registered"):
        section_register(dataclasses.replace(experiences, export=list))
