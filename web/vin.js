// The VIN rule of KiteDomain/VIN.swift and VINDecoder.swift, on the phone (ISO 3779):
// 17 characters of 0-9 and A-Z without I, O, Q; the check digit at position 9 is the
// weighted sum of the transliterated values mod 11 (10 is "X"). A wrong check digit is an
// error for a North-American VIN (first character 1-5 or 7, FMVSS 115) and a warning
// elsewhere, where many genuine cars ignore it.

const VALUES = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
for (let d = 0; d <= 9; d++) VALUES[String(d)] = d;

export const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

const CYRILLIC = {
  'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': '0',
  'Р': 'P', 'С': 'C', 'Т': 'T', 'У': 'Y', 'Х': 'X',
};

export function normalizeVIN(text) {
  return String(text ?? '').trim().toUpperCase();
}

/** The check digit position 9 should hold ("0"-"9" or "X"), or null when not 17 valid characters. */
export function expectedCheckDigit(vin) {
  const chars = Array.from(vin);
  if (chars.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = VALUES[chars[i]];
    if (v === undefined) return null;
    sum += v * WEIGHTS[i];
  }
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

export function isNorthAmerican(first) {
  return ['1', '2', '3', '4', '5', '7'].includes(first);
}

/**
 * Everything wrong with a typed VIN: [{level: 'error'|'warning', key, args}], in reading order
 * (length first, then each bad character by position). `key` names an i18n message.
 */
export function checkVIN(text) {
  const vin = normalizeVIN(text);
  const chars = Array.from(vin);
  const issues = [];
  if (chars.length === 0) return { vin, issues: [{ level: 'error', key: 'vin.empty', args: {} }] };
  if (chars.length !== 17) issues.push({ level: 'error', key: 'vin.length', args: { count: chars.length } });
  chars.forEach((c, i) => {
    const position = i + 1;
    if (c === 'I' || c === 'O' || c === 'Q') {
      issues.push({ level: 'error', key: 'vin.forbidden', args: { position, c } });
    } else if (VALUES[c] === undefined) {
      if (CYRILLIC[c]) issues.push({ level: 'error', key: 'vin.cyrillic', args: { position, c, latin: CYRILLIC[c] } });
      else issues.push({ level: 'error', key: 'vin.invalid', args: { position, c } });
    }
  });
  if (issues.length === 0) {
    const expected = expectedCheckDigit(vin);
    if (chars[8] !== expected) {
      issues.push({
        level: isNorthAmerican(chars[0]) ? 'error' : 'warning',
        key: isNorthAmerican(chars[0]) ? 'vin.check.na' : 'vin.check',
        args: { actual: chars[8], expected },
      });
    }
  }
  return { vin, issues };
}
