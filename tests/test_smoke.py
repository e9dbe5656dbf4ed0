from conftest import PROFILES, pdf_pages, run


def test_build_each_profile(tmp_path):
    for profile in PROFILES:
        out = tmp_path / f"{profile}.pdf"
        result = run("build", profile, "-o", out, "--date", "2026-11-21")
        assert result.exit_code == 0, result.output
        pages = pdf_pages(out.read_bytes())
        assert f"Page 1 of {len(pages)}" in pages[0]
