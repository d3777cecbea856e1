// The small lower-case words inside names ("de", "von", "bin"), every list of them in one place. They
// differ on purpose, each for what its reader must not mistake: kept side by side, a change to one is
// made knowing the others. Merging them would move what extraction and parsing find.

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

/** A regular-expression group matching any of `list` (in its order). */
export const alternation = (list: readonly string[]): string => `(?:${list.join('|')})`;

/**
 * Re-casing a name written in capitals (titleCaseName): words kept lower case inside it ("Rio de
 * Janeiro", "Port-au-Prince", "Stratford-upon-Avon"). The widest list: the name is known to be one name,
 * only its case is in question, so French "sur" or "aux" are safe here.
 */
export const RECASED_PARTICLES = new Set(
  words('of the and de da do dos das del della di du des la le les au aux sur upon on am an der den im y es'),
);

/**
 * Entity assembly: connectors allowed between the capitalised words of one name ("Bank of England",
 * "Ursula von der Leyen", "Ali bin Hassan"). Here a connector joins two candidate names into one, so
 * words common in running English ("and", "on", "an") are left out.
 */
export const NAME_CONNECTORS = new Set(
  words('of for the de du da das dos van von der den la le del della di al el bin ibn y'),
);

/** Bylines: particles inside a personal name after "By" ("Ursula von der Leyen", "Gerard ter Horst"). */
export const PERSON_PARTICLES = words('de del della der den di da dos du la le van von bin al el ter ten y');

/**
 * Datelines: small words inside a place name after the comma ("Bosnia and Herzegovina", "Trinidad and
 * Tobago", "Rio de Janeiro"); place names only, so no "von" or "bin".
 */
export const PLACE_PARTICLES = words('of the and de del da do du la le es al el');
