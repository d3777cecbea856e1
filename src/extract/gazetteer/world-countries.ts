// The `world-countries` package (mledoze/countries, ODbL): every country with its names, ISO codes,
// capitals and demonyms. The one place that imports it.
import type { Country } from 'world-countries';
import worldCountries from 'world-countries';

// The package is CommonJS (module.exports = the array) while its typings declare an ES default export,
// so under NodeNext the default import is typed as the module object; at run time it is the array.
export const countries: readonly Country[] = Array.isArray(worldCountries)
  ? (worldCountries as readonly Country[])
  : (worldCountries as unknown as { default: readonly Country[] }).default;

export type { Country };
