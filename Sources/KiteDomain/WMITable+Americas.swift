// WMIs of North and South American and Australian makers and plants.
// Format: see `WMITable`. Keep each block sorted by WMI.

extension WMITable {
    /// The United States (1, 4, 5, 7), Canada (2A–25), Mexico (3A–3X).
    /// Sources: NHTSA vPIC manufacturer WMIs (GetWMIsForManufacturer);
    /// Wikipedia "Vehicle identification number", WMI list.
    static let northAmerica = """
    1B3  Chrysler (Dodge)                               | Dodge
    1C3  FCA US (cars)                                  | Chrysler, Dodge
    1C4  FCA US (MPV, SUV)                              | Chrysler, Dodge, Jeep
    1C6  FCA US (Ram trucks)                            | Ram
    1FA  Ford Motor Company                             | Ford
    1FD  Ford Motor Company (commercial)                | Ford
    1FM  Ford Motor Company (MPV)                       | Ford
    1FT  Ford Motor Company (truck)                     | Ford
    1G1  General Motors (Chevrolet)                     | Chevrolet
    1G4  General Motors (Buick)                         | Buick
    1G6  General Motors (Cadillac)                      | Cadillac
    1GC  General Motors (Chevrolet trucks)              | Chevrolet
    1GK  General Motors (GMC SUV)                       | GMC
    1GN  General Motors (Chevrolet SUV)                 | Chevrolet
    1GT  General Motors (GMC trucks)                    | GMC
    1GY  General Motors (Cadillac SUV)                  | Cadillac
    1HG  Honda of America                               | Honda
    1J4  Chrysler (Jeep)                                | Jeep
    1J8  Chrysler (Jeep)                                | Jeep
    1LN  Ford Motor Company (Lincoln)                   | Lincoln
    1N4  Nissan North America                           | Nissan
    1N6  Nissan North America (trucks)                  | Nissan
    1VW  Volkswagen Chattanooga                         | Volkswagen
    1YV  AutoAlliance International (Mazda)            | Mazda
    2C3  Chrysler Canada                                | Chrysler, Dodge
    2C4  Chrysler Canada (MPV)                          | Chrysler, Dodge
    2FM  Ford Motor Company of Canada (MPV)             | Ford
    2G1  General Motors of Canada                       | Chevrolet
    2HG  Honda of Canada                                | Honda
    2HK  Honda of Canada (SUV)                          | Honda
    2T1  Toyota Motor Manufacturing Canada              | Toyota
    2T2  Toyota Motor Manufacturing Canada (Lexus)      | Lexus
    2T3  Toyota Motor Manufacturing Canada (SUV)        | Toyota
    3FA  Ford de México                                 | Ford
    3G1  General Motors de México                       | Chevrolet
    3GN  General Motors de México (SUV)                 | Chevrolet
    3HG  Honda de México                                | Honda
    3KP  Kia Motors México                              | Kia
    3MZ  Mazda de México                                | Mazda
    3N1  Nissan Mexicana                                | Nissan
    3TM  Toyota Motor Manufacturing de Baja California  | Toyota
    3VV  Volkswagen de México (SUV)                     | Volkswagen
    3VW  Volkswagen de México                           | Volkswagen
    4JG  Mercedes-Benz U.S. International               | Mercedes-Benz
    4S3  Subaru of Indiana Automotive                   | Subaru
    4S4  Subaru of Indiana Automotive (SUV)             | Subaru
    4T1  Toyota Motor Manufacturing Kentucky            | Toyota
    4T3  Toyota Motor Manufacturing (SUV)               | Toyota
    5FN  Honda Manufacturing of Alabama (SUV)           | Honda
    5GA  General Motors (Buick SUV)                     | Buick
    5J6  Honda of America (SUV)                         | Honda
    5LM  Ford Motor Company (Lincoln SUV)               | Lincoln
    5N1  Nissan North America (SUV)                     | Nissan, Infiniti
    5NM  Hyundai Motor Manufacturing Alabama (SUV)      | Hyundai
    5NP  Hyundai Motor Manufacturing Alabama            | Hyundai
    5TD  Toyota Motor Manufacturing Indiana (SUV)       | Toyota
    5TF  Toyota Motor Manufacturing Texas (trucks)      | Toyota
    5UX  BMW Manufacturing (SUV)                        | BMW
    5XX  Kia Georgia                                    | Kia
    5XY  Kia Georgia (SUV)                              | Kia
    5YJ  Tesla                                          | Tesla
    7SA  Tesla (SUV)                                    | Tesla
    """

    /// Brazil, Argentina, Colombia (8, 9); Australia (6A–6X).
    /// Sources: Wikipedia "Vehicle identification number", WMI list.
    static let southAmericaAndOceania = """
    6FP  Ford Australia                                 | Ford
    6G1  GM Holden                                      | Holden, Chevrolet
    6H8  GM Holden                                      | Holden
    6MM  Mitsubishi Motors Australia                    | Mitsubishi
    6T1  Toyota Motor Corporation Australia             | Toyota
    8A1  Renault Argentina                              | Renault
    8AD  Peugeot Citroën Argentina                      | Peugeot
    8AF  Ford Argentina                                 | Ford
    8AG  General Motors de Argentina                    | Chevrolet
    8AJ  Toyota Argentina                               | Toyota
    8AP  Fiat Auto Argentina                            | Fiat
    8AW  Volkswagen Argentina                           | Volkswagen
    935  Citroën do Brasil                              | Citroën
    936  Peugeot do Brasil                              | Peugeot
    93H  Honda Automóveis do Brasil                     | Honda
    93Y  Renault do Brasil                              | Renault
    94D  Nissan do Brasil                               | Nissan
    9BD  Fiat Automóveis (Brazil)                       | Fiat
    9BF  Ford do Brasil                                 | Ford
    9BG  General Motors do Brasil                       | Chevrolet
    9BM  Mercedes-Benz do Brasil                        | Mercedes-Benz
    9BR  Toyota do Brasil                               | Toyota
    9BW  Volkswagen do Brasil                           | Volkswagen
    9FB  Renault Colombia (Sofasa)                      | Renault
    """
}
