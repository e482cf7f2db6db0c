// Every `kuzet` sub-command, one file each. `kuzet help` lists them in this order.
import type { Command } from '../command.ts';
import appeals from './appeals.ts';
import audit from './audit.ts';
import keys from './keys.ts';
import crawl from './crawl.ts';
import demo from './demo.ts';
import extract from './extract.ts';
import filmsAdd from './films-add.ts';
import filmsImport from './films-import.ts';
import filmsSearch from './films-search.ts';
import filmsRehash from './films-rehash.ts';
import hash from './hash.ts';
import match from './match.ts';
import { packetBuild } from './packet.ts';
import { packetsExport } from './packets-export.ts';
import registry from './registry.ts';
import { sourcesAdd, sourcesDiscoverMirrors, sourcesList } from './sources.ts';
import start from './start.ts';
import users from './users.ts';
import { verifyCommand } from './verify.ts';
import rdap from './rdap.ts';

export const commands: Command[] = [
  start, demo, filmsAdd, filmsImport, filmsSearch, filmsRehash, match, hash, sourcesAdd, sourcesList, sourcesDiscoverMirrors, crawl, extract,
  ...users, ...registry, ...appeals, packetBuild, packetsExport, verifyCommand, ...audit, ...keys, ...rdap,
];
