//! The report in a real headless Chromium: it renders, every image decodes, nothing is fetched.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::fixture::{Fixture, write_run};
use crate::pixels::decode;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Chromium's path, or None (skip with a printed reason); under CI=true a missing Chromium
/// is a failure.
fn chromium() -> Option<PathBuf> {
    let path = PathBuf::from(CHROMIUM);
    if path.is_file() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{CHROMIUM} not found under CI=true: .ci/run must install chromium");
    }
    eprintln!("skipping browser test: {CHROMIUM} not found (apt-get install chromium)");
    None
}

/// Run headless Chromium on a file with extra arguments; returns stdout (through a file, so
/// a large `--dump-dom` cannot fill a pipe and block). Kills it after 90 s.
fn headless(chromium: &Path, profile: &Path, args: &[String], page: &Path) -> String {
    let stdout_path = profile.join("stdout.txt");
    let stdout = std::fs::File::create(&stdout_path).expect("create stdout file");
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(args)
    .arg(format!("file://{}", page.display()))
    .stdin(Stdio::null())
    .stdout(stdout)
    .stderr(Stdio::null());
    let mut child = cmd.spawn().expect("start chromium");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait chromium").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    String::from_utf8_lossy(&std::fs::read(&stdout_path).expect("chromium stdout")).into_owned()
}

/// Write a test-only copy of the page `html` to `probe` with `script` (a `<script>` element)
/// allowed and inserted, load it in headless Chromium and return the DOM after the script ran.
fn probe_dom(chromium: &Path, probe: &Path, html: &str, script: &str) -> String {
    let copy = html
        .replacen("script-src 'none'", "script-src 'unsafe-inline'", 1)
        .replacen("</head>", &format!("{script}</head>"), 1);
    std::fs::write(probe, copy).unwrap();
    let profile = tempfile::tempdir().unwrap();
    headless(
        chromium,
        profile.path(),
        &["--dump-dom".into(), "--virtual-time-budget=5000".into()],
        probe,
    )
}

#[test]
fn report_renders_in_headless_chromium_with_every_image_decoded() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    write_run(dir.path(), &Fixture::default());
    let s = ringfence_report::build(dir.path()).unwrap();
    let html = std::fs::read_to_string(&s.html).unwrap();
    assert!(
        crate::report::external_urls(&html)
            .iter()
            .all(|u| u.ends_with("README.md#assumptions"))
    );

    // 1. screenshot of the real page: non-blank, and the equity chart's layout colours visible
    let shot = dir.path().join("shot.png");
    let profile = tempfile::tempdir().unwrap();
    headless(
        &chromium,
        profile.path(),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1200,2000".into(),
            "--virtual-time-budget=5000".into(),
        ],
        &s.html,
    );
    let img = decode(&std::fs::read(&shot).expect("chromium wrote no screenshot"));
    assert!(
        img.variance() > 100.0,
        "blank screenshot: variance {}",
        img.variance()
    );
    let blue = ringfence_report::layout::KNOWN_COLOURS[0];
    assert!(
        img.count(blue) > 500,
        "equity chart not visible in the screenshot"
    );

    // 2. a test-only copy with a script that writes every image's naturalWidth into the DOM
    let probe = dir.path().join("probe.html");
    let script = "<script>window.addEventListener('load',function(){var d=document.createElement('pre');\
                  d.id='probe';d.textContent=Array.prototype.map.call(document.images,function(i){\
                  return i.complete+':'+i.naturalWidth+'x'+i.naturalHeight}).join(' ');\
                  document.body.appendChild(d);});</script>";
    let dom = probe_dom(&chromium, &probe, &html, script);
    let start = dom
        .find("<pre id=\"probe\">")
        .expect("probe script did not run")
        + 16;
    let end = start + dom[start..].find("</pre>").unwrap();
    let sizes: Vec<&str> = dom[start..end].split_whitespace().collect();
    assert_eq!(sizes.len(), s.charts.len(), "{sizes:?}");
    assert!(sizes.iter().all(|s| *s == "true:1200x700"), "{sizes:?}");
}

/// Numbers in `text` printed raw: a decimal with more than 4 significant digits, or an
/// integer of 5 or more digits without thousands separators. Tokens touching a letter (ids,
/// hashes) are not numbers.
fn raw_numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.' || chars[i] == ',') {
            i += 1;
        }
        let token: String = chars[start..i].iter().collect();
        let token = token.trim_end_matches(['.', ',']);
        let touches_letter = (start > 0 && chars[start - 1].is_alphanumeric())
            || chars.get(i).is_some_and(|c| c.is_alphabetic());
        if touches_letter || token.contains(',') {
            continue;
        }
        let digits: String = token.chars().filter(char::is_ascii_digit).collect();
        let significant = digits.trim_start_matches('0').len();
        let raw = if token.contains('.') {
            significant > 4
        } else {
            digits.len() >= 5
        };
        if raw {
            out.push(token.to_string());
        }
    }
    out
}

#[test]
fn the_raw_number_scan_flags_the_issues_examples_only() {
    assert_eq!(
        raw_numbers("ret 0.078161 gaps 12232 ledger -334930 on 2020-03-16"),
        ["0.078161", "12232", "334930"]
    );
    assert!(raw_numbers("CAGR 1.42% $1,069,219 s001944 9,198 days +0.02 pp 0.0012").is_empty());
}

#[test]
fn the_page_text_has_a_verdict_no_raw_number_and_every_internal_link_resolves() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    write_run(dir.path(), &Fixture::default());
    let s = ringfence_report::build(dir.path()).unwrap();
    let html = std::fs::read_to_string(&s.html).unwrap();
    // A test-only copy whose script writes the visible text (config and code blocks aside)
    // and every internal link that does not resolve.
    let script = "<script>window.addEventListener('load',function(){\
        var b=document.body.cloneNode(true);\
        Array.prototype.forEach.call(b.querySelectorAll('pre,code,script'),function(e){e.remove();});\
        var bad=Array.prototype.filter.call(document.querySelectorAll('a[href^=\"#\"]'),function(a){\
          return !document.getElementById(a.getAttribute('href').slice(1));}).map(function(a){return a.getAttribute('href');});\
        var d=document.createElement('textarea');d.id='probe';\
        var w=document.createTreeWalker(b,NodeFilter.SHOW_TEXT);var t=[];while(w.nextNode())t.push(w.currentNode.nodeValue);\
        d.textContent='LINKS['+bad.join(' ')+']\\nTEXT['+t.join(' ')+']';\
        document.body.appendChild(d);});</script>";
    let dom = probe_dom(&chromium, &dir.path().join("probe.html"), &html, script);
    let out = dom
        .find("<textarea id=\"probe\">")
        .expect("probe script did not run");
    let start = out + dom[out..].find("LINKS[").unwrap();
    let links_end = start + dom[start..].find(']').unwrap();
    assert_eq!(
        &dom[start + 6..links_end],
        "",
        "internal links that do not resolve"
    );
    let text = &dom[links_end..];
    assert!(text.contains("Verdict"), "no verdict in the page text");
    assert!(
        text.contains("The question:"),
        "no question in the page text"
    );
    let raw = raw_numbers(text);
    assert!(raw.is_empty(), "raw numbers in the page text: {raw:?}");
}
