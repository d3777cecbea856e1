// A small gazetteer of major news agencies and wire services, used to name the publisher of a story from its
// boilerplate trailer ("Copyright 2024 The Associated Press. All rights reserved.") or from the agency named in
// parentheses after its dateline ("WASHINGTON (Reuters) -", "PARIS (AFP) -"). This is general domain knowledge,
// not a list of any one article's words; publishers that are not listed here are still found by the generic
// patterns of parse-article.ts ("© 2024 <Name>", "<Name> website", "<Name> News Agency").

export interface WireService {
  /** The name reported as the source. */
  name: string;
  /** Where the service is named in running text (boilerplate, credits). Case-sensitive on purpose: "dpa", "AP". */
  mentions: RegExp;
  /** Abbreviations used in a dateline parenthesis: "(AP)", "(AA)". Compared exactly. */
  datelineCodes: string[];
}

// More specific entries first: "Australian Associated Press" must win over "Associated Press".
export const WIRE_SERVICES: readonly WireService[] = [
  {
    name: 'Australian Associated Press',
    mentions: /\bAustralian Associated Press\b|\bAAP\b/,
    datelineCodes: ['AAP'],
  },
  { name: 'Associated Press', mentions: /\bAssociated Press\b|\bAP\b/, datelineCodes: ['AP'] },
  { name: 'Reuters', mentions: /\bReuters\b/, datelineCodes: ['Reuters', 'REUTERS'] },
  { name: 'Agence France-Presse', mentions: /\bAgence France[- ]Presse\b|\bAFP\b/, datelineCodes: ['AFP'] },
  { name: 'Xinhua', mentions: /\bXinhua\b/, datelineCodes: ['Xinhua', 'XINHUA'] },
  { name: 'dpa', mentions: /\bDeutsche Presse-Agentur\b|\bdpa\b/, datelineCodes: ['dpa', 'DPA'] },
  { name: 'EFE', mentions: /\bAgencia EFE\b|\bEFE\b/, datelineCodes: ['EFE'] },
  { name: 'ANSA', mentions: /\bANSA\b/, datelineCodes: ['ANSA'] },
  { name: 'Kyodo News', mentions: /\bKyodo\b/, datelineCodes: ['Kyodo', 'KYODO'] },
  { name: 'PA Media', mentions: /\bPA Media\b|\bPress Association\b/, datelineCodes: ['PA'] },
  { name: 'United Press International', mentions: /\bUnited Press International\b|\bUPI\b/, datelineCodes: ['UPI'] },
  { name: 'Anadolu Agency', mentions: /\bAnadolu\b/, datelineCodes: ['AA'] },
  { name: 'TASS', mentions: /\bTASS\b|\bTass\b/, datelineCodes: ['TASS', 'Tass'] },
  { name: 'Yonhap', mentions: /\bYonhap\b/, datelineCodes: ['Yonhap', 'YONHAP'] },
  { name: 'Press Trust of India', mentions: /\bPress Trust of India\b|\bPTI\b/, datelineCodes: ['PTI'] },
  { name: 'Interfax', mentions: /\bInterfax\b/, datelineCodes: ['Interfax'] },
  { name: 'The Canadian Press', mentions: /\bCanadian Press\b/, datelineCodes: ['CP'] },
  { name: 'Bloomberg', mentions: /\bBloomberg\b/, datelineCodes: ['Bloomberg'] },
  { name: 'Bernama', mentions: /\bBernama\b|\bBERNAMA\b/, datelineCodes: ['Bernama', 'BERNAMA'] },
  { name: 'Antara', mentions: /\bAntara\b|\bANTARA\b/, datelineCodes: ['Antara', 'ANTARA'] },
  { name: 'Europa Press', mentions: /\bEuropa Press\b/, datelineCodes: [] },
];

/** The earliest wire service named in text, or null. */
export function findWireService(text: string): { service: WireService; index: number } | null {
  let best: { service: WireService; index: number } | null = null;
  for (const service of WIRE_SERVICES) {
    const m = service.mentions.exec(text);
    if (m && (best === null || m.index < best.index)) best = { service, index: m.index };
  }
  return best;
}

/** The wire service whose dateline code or name is exactly `code` ("AP", "Reuters"), or null. */
export function wireServiceByCode(code: string): WireService | null {
  const c = code.trim();
  for (const service of WIRE_SERVICES) {
    if (service.datelineCodes.includes(c) || service.name === c) return service;
  }
  return null;
}
