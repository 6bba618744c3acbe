/** Lower case and ASCII folding, as OpenSearch's `lowercase` + `asciifolding` filters do for our data. */

// Letters that Unicode decomposition leaves alone but asciifolding maps.
const SPECIAL: Record<string, string> = {
  đ: 'd',
  ð: 'd',
  ł: 'l',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ı: 'i',
  þ: 'th',
};

/** "Hội An" -> "hoi an", "Đà Nẵng" -> "da nang", "Café Lumière" -> "cafe lumiere". */
export function foldToAscii(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đðłøæœßıþ]/g, (c) => SPECIAL[c] ?? c);
}
