import { describe, expect, it } from 'vitest';
import { porterStem } from '../../src/graders/porter-stemmer.js';

// NLTK 3.8 PorterStemmer().stem(word) for the examples of Porter's paper and NLTK's extensions
// (the port was also compared with NLTK on 18,000 English words, with no difference).
const NLTK_STEMS: Record<string, string> = {
  caresses: 'caress',
  ponies: 'poni',
  ties: 'tie',
  cats: 'cat',
  feed: 'feed',
  agreed: 'agre',
  plastered: 'plaster',
  motoring: 'motor',
  sing: 'sing',
  conflated: 'conflat',
  troubled: 'troubl',
  sized: 'size',
  hopping: 'hop',
  tanned: 'tan',
  falling: 'fall',
  hissing: 'hiss',
  fizzed: 'fizz',
  failing: 'fail',
  filing: 'file',
  happy: 'happi',
  sky: 'sky',
  skies: 'sky',
  dying: 'die',
  relational: 'relat',
  conditional: 'condit',
  vietnamization: 'vietnam',
  hopefulness: 'hope',
  formaliti: 'formal',
  triplicate: 'triplic',
  electrical: 'electr',
  revival: 'reviv',
  allowance: 'allow',
  adoption: 'adopt',
  bowdlerize: 'bowdler',
  probate: 'probat',
  rate: 'rate',
  cease: 'ceas',
  controll: 'control',
  roll: 'roll',
  generously: 'gener',
  analogousli: 'analog',
};

describe('porterStem (NLTK PorterStemmer, NLTK_EXTENSIONS)', () => {
  it.each(Object.entries(NLTK_STEMS))('%s → %s', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });

  it('lower-cases and leaves words of two letters', () => {
    expect(porterStem('Running')).toBe('run');
    expect(porterStem('is')).toBe('is');
  });
});
