// WMIs of European makers and of the plants in Russia and its neighbours.
// Format: see `WMITable`. Keep each block sorted by WMI.

extension WMITable {
    /// Russia, Belarus, Ukraine, Uzbekistan: domestic makers and local assembly
    /// (XS–XW and XZ–X0, Z6–Z0 are Russia's ranges).
    /// Sources: Wikipedia "Vehicle identification number", WMI list (Russia);
    /// the VIN plates of the cars made at each plant (checked against published
    /// VINs of those models); Opel's VIN key (opel-niedersachsen.de) for XUF, XWF.
    static let russiaAndNeighbours = """
    X1M  PAZ                                            | PAZ
    X4X  Avtotor (Kaliningrad), BMW                     | BMW
    X7L  Renault Russia                                 | Renault
    X7M  TagAZ (Taganrog)                               | Hyundai
    X96  GAZ                                            | GAZ
    X9F  Ford Sollers                                   | Ford
    X9L  GM-AvtoVAZ                                     | Chevrolet, Lada
    XTA  AvtoVAZ                                        | Lada
    XTB  AZLK (Moskvich)                                | Moskvich
    XTC  KAMAZ                                          | KAMAZ
    XTH  GAZ                                            | GAZ
    XTT  UAZ                                            | UAZ
    XUF  GM Auto (St Petersburg)                        | Opel, Chevrolet
    XUU  Avtotor (Kaliningrad), General Motors          | Chevrolet, Cadillac
    XW7  Toyota Motor Manufacturing Russia              | Toyota
    XW8  Volkswagen Group Rus (Kaluga)                  | Volkswagen, Skoda
    XWB  GM Uzbekistan (UzDaewoo, UzAuto Motors)        | Chevrolet, Daewoo, Ravon | UZ
    XWE  Avtotor (Kaliningrad)                          | Kia, Hyundai
    XWF  Avtotor (Kaliningrad), Opel                    | Opel
    XZG  Haval Motor Manufacturing Rus (Tula)           | Haval, Great Wall
    Y3M  MAZ                                            | MAZ
    Y4K  BelGee (Belarus)                               | Geely
    Y6D  ZAZ                                            | ZAZ, Daewoo, Chevrolet
    Z6F  Ford Sollers (Yelabuga)                        | Ford
    Z8N  Nissan Manufacturing Rus (St Petersburg)       | Nissan, Datsun
    Z8T  PCMA Rus (Kaluga)                              | Peugeot, Citroën, Mitsubishi
    Z94  Hyundai Motor Manufacturing Rus                | Hyundai, Kia
    """

    /// Germany (W, and SN–ST).
    /// Sources: Wikipedia "Vehicle identification number", WMI list (Germany);
    /// NHTSA vPIC manufacturer WMIs (for the codes also used in the US).
    static let germany = """
    W0L  Adam Opel                                      | Opel, Vauxhall
    W0V  Opel Automobile                                | Opel, Vauxhall
    W1K  Mercedes-Benz                                  | Mercedes-Benz
    W1N  Mercedes-Benz (SUV)                            | Mercedes-Benz
    W1V  Mercedes-Benz (vans)                           | Mercedes-Benz
    WA1  Audi AG (SUV)                                  | Audi
    WAU  Audi AG                                        | Audi
    WBA  BMW AG                                         | BMW
    WBS  BMW M GmbH                                     | BMW
    WBX  BMW AG (SUV)                                   | BMW
    WBY  BMW AG (BMW i)                                 | BMW
    WDB  Mercedes-Benz                                  | Mercedes-Benz
    WDC  Mercedes-Benz (SUV)                            | Mercedes-Benz
    WDD  Mercedes-Benz                                  | Mercedes-Benz
    WDF  Mercedes-Benz (vans)                           | Mercedes-Benz
    WEB  EvoBus                                         | Mercedes-Benz
    WF0  Ford-Werke (Ford of Europe)                    | Ford
    WMA  MAN Truck & Bus                                | MAN
    WME  Smart                                          | Smart
    WMW  BMW AG (Mini)                                  | Mini
    WP0  Porsche (cars)                                 | Porsche
    WP1  Porsche (SUV)                                  | Porsche
    WUA  Audi Sport (quattro GmbH)                      | Audi
    WV1  Volkswagen Commercial Vehicles                 | Volkswagen
    WV2  Volkswagen Commercial Vehicles (buses, vans)   | Volkswagen
    WVG  Volkswagen AG (SUV)                            | Volkswagen
    WVW  Volkswagen AG                                  | Volkswagen
    """

    /// The rest of continental Europe: France (VF–VR), Spain (VS–VW), Italy (Z),
    /// Czech Republic, Slovakia, Hungary, Poland, Romania, the Netherlands,
    /// Sweden, Finland.
    /// Sources: Wikipedia "Vehicle identification number", WMI list;
    /// Wikipedia (fr) "Code constructeur WMI" for the French codes. `VXE`, `VXK`:
    /// Opels built on Stellantis platforms, registered in France although VX–V2
    /// is Serbia's range in the 2015 chart (hence their own country).
    static let restOfEurope = """
    SUF  Fiat Auto Poland                               | Fiat
    SUP  FSO (Daewoo-FSO)                               | Daewoo
    TMA  Hyundai Motor Manufacturing Czech              | Hyundai
    TMB  Skoda Auto                                     | Skoda
    TRU  Audi Hungaria                                  | Audi
    TSM  Magyar Suzuki                                  | Suzuki
    U5Y  Kia Slovakia                                   | Kia
    U6Y  Kia Slovakia                                   | Kia
    UU1  Automobile Dacia                               | Dacia, Renault
    VF1  Renault                                        | Renault
    VF3  Peugeot                                        | Peugeot
    VF6  Renault Trucks                                 | Renault
    VF7  Citroën                                        | Citroën
    VNK  Toyota Motor Manufacturing France              | Toyota
    VR1  DS Automobiles                                 | DS
    VR3  Peugeot (Stellantis)                           | Peugeot
    VR7  Citroën (Stellantis)                           | Citroën
    VS5  Renault España                                 | Renault
    VS6  Ford España                                    | Ford
    VS7  Citroën España                                 | Citroën
    VSE  Santana Motor                                  | Suzuki
    VSK  Nissan Motor Ibérica                           | Nissan
    VSS  SEAT                                           | SEAT
    VSX  Opel España (Zaragoza)                         | Opel
    VWV  Volkswagen Navarra                             | Volkswagen
    VXE  Opel (Stellantis, vans)                        | Opel, Vauxhall | FR
    VXK  Opel (Stellantis)                              | Opel, Vauxhall | FR
    XLB  NedCar (Volvo)                                 | Volvo
    XLR  DAF Trucks                                     | DAF
    XMC  NedCar (Mitsubishi)                            | Mitsubishi
    YK1  Saab-Valmet                                    | Saab
    YS2  Scania                                         | Scania
    YS3  Saab Automobile                                | Saab
    YV1  Volvo Cars                                     | Volvo
    YV2  Volvo Trucks                                   | Volvo
    YV3  Volvo Buses                                    | Volvo
    YV4  Volvo Cars (SUV)                               | Volvo
    ZAC  FCA Italy (Melfi)                              | Jeep, Fiat
    ZAM  Maserati                                       | Maserati
    ZAR  Alfa Romeo                                     | Alfa Romeo
    ZCF  Iveco                                          | Iveco
    ZFA  Fiat Auto                                      | Fiat
    ZFF  Ferrari                                        | Ferrari
    ZHW  Automobili Lamborghini                         | Lamborghini
    ZLA  Lancia                                         | Lancia
    ZN6  Maserati (SUV)                                 | Maserati
    """

    /// The United Kingdom (SA–SM).
    /// Sources: Wikipedia "Vehicle identification number", WMI list (United Kingdom);
    /// NHTSA vPIC manufacturer WMIs.
    static let unitedKingdom = """
    SAD  Jaguar Land Rover (Jaguar SUV)                 | Jaguar
    SAJ  Jaguar Cars                                    | Jaguar
    SAL  Land Rover                                     | Land Rover
    SAR  Rover Group                                    | Rover
    SAX  Austin Rover                                   | Rover
    SB1  Toyota Motor Manufacturing UK                  | Toyota
    SBM  McLaren Automotive                             | McLaren
    SCA  Rolls-Royce Motor Cars                         | Rolls-Royce
    SCB  Bentley Motors                                 | Bentley
    SCC  Lotus Cars                                     | Lotus
    SCF  Aston Martin Lagonda                           | Aston Martin
    SDB  Peugeot Talbot UK                              | Peugeot
    SFA  Ford UK                                        | Ford
    SHH  Honda of the UK                                | Honda
    SHS  Honda of the UK (SUV)                          | Honda
    SJN  Nissan Motor Manufacturing UK                  | Nissan
    """

    /// Small manufacturers: `9` at position 3, the maker named by positions 12–14.
    /// Sources: ISO 3780 (the small-manufacturer rule); Wikipedia "Vehicle
    /// identification number", WMI list.
    static let smallManufacturers = """
    VF9/795  Bugatti Automobiles                        | Bugatti
    ZA9/A12  Nuova Automobili Ferruccio Lamborghini     | Lamborghini
    """
}
