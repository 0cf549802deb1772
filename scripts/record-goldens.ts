// Builds every conformance fixture site with real Jekyll (Debian's jekyll, 4.3) and records what it built as
// test/conformance/golden/<site>.json; loads every YAML case of test/conformance/psych/ with Jekyll's own
// Psych call into golden/psych.json. Needs jekyll (and its ruby) on PATH; never used by the tests themselves.
//
//   npx tsx scripts/record-goldens.ts            # every site
//   npx tsx scripts/record-goldens.ts seoul utc  # some sites
//
// Jekyll runs with TZ=UTC (a GitHub runner's zone) and --safe; each site's _config.yml sets `time:` so
// "future" is judged against a fixed clock. Posts not in the Liquid dump (posts.json) were not built.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..')
const fixtures = join(repo, 'test/conformance/fixtures')
const goldens = join(repo, 'test/conformance/golden')

function jekyllVersion(): string {
  try {
    return execFileSync('jekyll', ['--version'], { encoding: 'utf8' }).trim()
  } catch {
    process.stderr.write(
      'record-goldens: `jekyll` is not installed or not on PATH.\n' +
        'Install real Jekyll 4.3 first, e.g. `sudo apt-get update && sudo apt-get install -y jekyll` (Debian 12),\n' +
        'then run this script again. The conformance test itself does not need Jekyll: it reads the goldens.\n'
    )
    process.exit(1)
  }
}

/** Every file under a `_posts` folder of the site, relative to the site. */
function sourcePosts(site: string): string[] {
  const out: string[] = []
  const walk = (rel: string, inPosts: boolean): void => {
    for (const name of readdirSync(join(site, rel))) {
      const child = rel === '' ? name : `${rel}/${name}`
      if (statSync(join(site, child)).isDirectory()) walk(child, inPosts || name === '_posts')
      else if (inPosts) out.push(child)
    }
  }
  walk('', false)
  return out.sort()
}

interface DumpedPost {
  path: string
  date: string
  url: string
  slug: string
  categories: string[]
  tags: string[]
}

// Jekyll colours its log; the goldens keep plain text.
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g')

function record(name: string, version: string): void {
  const site = join(fixtures, name)
  const dest = mkdtempSync(join(tmpdir(), `golden-${name}-`))
  const run = spawnSync('jekyll', ['build', '--safe', '-s', site, '-d', dest], {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC', JEKYLL_ENV: 'production' }
  })
  const log = `${run.stdout}\n${run.stderr}`
    .split('\n')
    .map(l =>
      l
        .replace(ANSI_COLOUR, '')
        .replaceAll(site + '/', '')
        .replaceAll(site, '.')
        .replaceAll(dest, '<dest>')
        .trim()
    )
    .filter(l => /Skipping|Error|Invalid|YAML Exception|could not read|Liquid Exception/i.test(l))
    .filter(l => !l.startsWith('/') && !/Layout '.*' requested/.test(l))
    .filter((l, i, all) => all.indexOf(l) === i)
  const golden: Record<string, unknown> = { site: name, jekyll: version, tz: 'UTC' }
  if (run.status === 0) {
    // Jekyll's post.path is relative to collections_dir; the goldens use paths from the site's root.
    const collectionsDir = /^collections_dir:\s*["']?([^"'\s#]+)/m.exec(
      readFileSync(join(site, '_config.yml'), 'utf8')
    )?.[1]
    const dumped = JSON.parse(readFileSync(join(dest, 'posts.json'), 'utf8')) as DumpedPost[]
    if (collectionsDir) for (const p of dumped) p.path = `${collectionsDir.replace(/\/+$/, '')}/${p.path}`
    const posts = dumped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    const built = new Set(posts.map(p => p.path))
    golden['build'] = 'ok'
    golden['posts'] = posts
    golden['notBuilt'] = sourcePosts(site).filter(p => !built.has(p))
  } else {
    golden['build'] = 'failed'
    golden['error'] =
      log.find(l => /Invalid date|doesn't have|Error:/.test(l) && !l.startsWith('ERROR')) ??
      `exit ${run.status}`
    golden['sources'] = sourcePosts(site)
  }
  golden['log'] = log
  rmSync(dest, { recursive: true, force: true })
  mkdirSync(goldens, { recursive: true })
  writeFileSync(join(goldens, `${name}.json`), `${JSON.stringify(golden, null, 2)}\n`)
  process.stdout.write(`${name}: ${golden['build']} (${relative(repo, join(goldens, `${name}.json`))})\n`)
}

// Jekyll's Utils.safe_load_yaml on "---\n" + case (the opening line is part of what Jekyll hands Psych),
// with every Ruby value tagged so the test can tell a Time from a Date from a Float from a String.
const PSYCH_SCRIPT = `
require "psych"; require "date"; require "json"; require "base64"
def enc(v)
  case v
  when Hash then { "$hash" => v.map { |k, x| [enc(k), enc(x)] } }
  when Array then v.map { |x| enc(x) }
  when Time
    kind = v.utc? ? "Z" : (v.zone.nil? ? "offset" : "none")
    { "$time" => v.getutc.strftime("%Y-%m-%dT%H:%M:%S.%LZ"), "zone" => kind, "offset" => v.utc_offset / 60 }
  when Date then { "$date" => v.strftime("%Y-%m-%d") }
  when Float then { "$float" => v.to_s }
  when Integer then v.abs < 2**53 ? v : { "$bigint" => v.to_s }
  when String
    v.dup.force_encoding("UTF-8").valid_encoding? ? v.dup.force_encoding("UTF-8") : { "$bytes" => Base64.strict_encode64(v) }
  when true, false, nil then v
  else { "$other" => v.class.name }
  end
end
out = {}
Dir[File.join(ARGV[0], "*.yaml")].sort.each do |f|
  name = File.basename(f, ".yaml")
  text = File.read(f, encoding: "bom|utf-8")
  begin
    out[name] = { "value" => enc(Psych.safe_load("---\n" + text, permitted_classes: [Date, Time], aliases: true)) }
  rescue Exception => e
    out[name] = { "error" => e.class.name, "message" => e.message }
  end
end
puts JSON.pretty_generate({ "ruby" => RUBY_VERSION, "psych" => Psych::VERSION, "cases" => out })
`

function recordPsych(): void {
  const run = spawnSync('ruby', ['-e', PSYCH_SCRIPT, join(repo, 'test/conformance/psych')], {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC' }
  })
  if (run.status !== 0) throw new Error(`ruby failed: ${run.stderr}`)
  mkdirSync(goldens, { recursive: true })
  writeFileSync(join(goldens, 'psych.json'), run.stdout)
  process.stdout.write('psych: ok (test/conformance/golden/psych.json)\n')
}

// Ruby's Time.parse on every line of time-parse/inputs.txt, in four zones, with a fixed `now` (Jekyll's
// Utils.parse_date calls Time.parse(value.to_s).localtime; inputs without a year take it from now).
const TIME_PARSE_SCRIPT = `
require "time"; require "json"
inputs = File.readlines(ARGV[0], chomp: true).reject { |l| l.start_with?("#") || l.empty? }
now_epoch = 1773964800
out = {}
["UTC", "Asia/Seoul", "America/New_York", "Europe/Berlin"].each do |tz|
  ENV["TZ"] = tz
  now = Time.at(now_epoch)
  out[tz] = inputs.map do |s|
    Time.parse(s, now).localtime.xmlschema
  rescue ArgumentError => e
    "error: #{e.message}"
  end
end
puts JSON.pretty_generate({ "ruby" => RUBY_VERSION, "now" => now_epoch, "inputs" => inputs, "results" => out })
`

function recordTimeParse(): void {
  const run = spawnSync(
    'ruby',
    ['-e', TIME_PARSE_SCRIPT, join(repo, 'test/conformance/time-parse/inputs.txt')],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024
    }
  )
  if (run.status !== 0) throw new Error(`ruby failed: ${run.stderr}`)
  writeFileSync(join(goldens, 'time-parse.json'), run.stdout)
  process.stdout.write('time-parse: ok (test/conformance/golden/time-parse.json)\n')
}

const version = jekyllVersion()
const wanted = process.argv.slice(2)
for (const name of readdirSync(fixtures).sort()) {
  if (!statSync(join(fixtures, name)).isDirectory()) continue
  if (wanted.length > 0 && !wanted.includes(name)) continue
  record(name, version)
}
if (wanted.length === 0 || wanted.includes('psych')) recordPsych()
if (wanted.length === 0 || wanted.includes('time-parse')) recordTimeParse()
