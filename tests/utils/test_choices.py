import pytest

from mmvid_plugin.utils import check_choice


def test_a_listed_value_passes():
    check_choice('Net', 'depth', 50, (50, 101))


def test_an_unlisted_value_names_owner_key_value_and_choices():
    with pytest.raises(ValueError) as error:
        check_choice('Net', 'mode', 'x', ['a', 'b'], hint=' (see Net)')
    assert str(error.value) == ("Net: mode='x'; expected one of 'a', 'b' "
                                '(see Net)')
