#[path = "../tests/it/fixture.rs"]
mod fixture;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::Path::new(&args[1]);
    let sweep: usize = args.get(2).map_or(1, |s| s.parse().unwrap());
    let mut f = fixture::Fixture::default();
    if sweep > 1 {
        f.grid = (sweep / 40, 40);
        f.layouts = vec!["ring_fenced", "commingled", "unhedged"];
        f.filler_events = 50;
        f.days = 8000;
    }
    std::fs::create_dir_all(dir).unwrap();
    fixture::write_run(dir, &f);
    let t = std::time::Instant::now();
    let s = ringfence_report::build(dir).unwrap();
    eprintln!("{:?} in {:?}", s.charts.len(), t.elapsed());
}
