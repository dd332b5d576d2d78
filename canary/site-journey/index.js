// Canary handler (Synthetics runtime syn-nodejs-playwright, CommonJS): the journey in journey.js.
'use strict';
const { runJourney, assertJourney, settingsFromEnv } = require('./journey');

module.exports.handler = async () => {
  // Provided by the Synthetics runtime (namespace @aws/synthetics-playwright from syn-nodejs-playwright-5.1).
  const { synthetics } = require('@aws/synthetics-playwright');
  const settings = settingsFromEnv(process.env);
  try {
    const browser = await synthetics.launch();
    const page = await synthetics.newPage(browser);
    const results = await runJourney(page, settings);
    for (const r of results) process.stdout.write(`${JSON.stringify(r)}\n`);
    assertJourney(results);
  } finally {
    await synthetics.close();
  }
};
