// Prints what failed in the test results (.trx files given as arguments): each failed test's name
// and the start of its message, so a CI log says why without the results directory.
//   node scripts/failed-tests.js .test-results/*.trx
const fs = require("fs");

const decode = (s) =>
  s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#xD;/g, "").replace(/&#xA;/g, "\n").replace(/&amp;/g, "&");

const maxTests = 8;
const maxLines = 40;
let shown = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  const xml = fs.readFileSync(file, "utf8");
  // A passed test is one self-closing element; a failed one has a body with its message.
  for (const match of xml.matchAll(/<UnitTestResult\b([^>]*[^/])>([\s\S]*?)<\/UnitTestResult>/g)) {
    if (!/outcome="Failed"/.test(match[1])) continue;
    failed++;
    if (shown >= maxTests) continue;
    shown++;
    const name = decode((match[1].match(/testName="([^"]*)"/) || [])[1] || "?");
    const message = decode((match[2].match(/<Message>([\s\S]*?)<\/Message>/) || [])[1] || "");
    const lines = message.split("\n");
    console.log(`--- FAILED ${name}`);
    console.log(lines.slice(0, maxLines).join("\n"));
    if (lines.length > maxLines) console.log(`... (${lines.length - maxLines} more lines)`);
  }
}
if (failed > shown) console.log(`--- and ${failed - shown} more failed tests`);
