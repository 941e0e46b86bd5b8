from psoas_tracker.rendering import dots_path, line_path, table_rows


def test_paths_join_points_and_need_two_for_a_line():
    assert line_path([(1, 2), (3.25, 4)]) == "M1.0 2.0L3.2 4.0"
    assert line_path([(1, 2)]) == ""
    assert dots_path([(1, 2), (3, 4)]) == "M1.0 2.0h0M3.0 4.0h0"


def test_table_rows_escape_every_cell():
    html = table_rows([("2026-01-05", "<b>x</b>", 4.5), ("2026-01-12", "a & b", "-")])
    assert html == (
        "<tr><th scope=row>2026-01-05</th><td>&lt;b&gt;x&lt;/b&gt;</td><td>4.5</td></tr>\n"
        "<tr><th scope=row>2026-01-12</th><td>a &amp; b</td><td>-</td></tr>"
    )


def test_table_rows_name_each_cell_by_its_column_for_narrow_screens():
    html = table_rows([("2026-01-05", 4.5, 3)], labels=["Hip <left>"])

    assert html == (
        '<tr><th scope=row>2026-01-05</th><td data-label="Hip &lt;left&gt;">4.5</td><td>3</td></tr>'
    )
